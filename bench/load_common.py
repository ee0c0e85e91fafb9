"""What the parts of the load benchmark (bench/load.py) share: the project root on the path, the dossier and the
accounts' password, the names of the measured endpoints, the clean error page's words and what a user edits."""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "twenterand"
PASSWORD = "bench-load-2026"
RECOMPUTE, REFRESH, BOTH, DOSSIER, COMPARISON, FLOOR, RESYNC, LOGIN = (
    "recompute: the save (htmx)",
    "recompute: the refresh (was → nu)",
    "recompute: save + refresh",
    "dossier page (bestuursopdracht)",
    "comparison page",
    "floor: dossier list",
    "edit form (reads the version)",
    "login",
)
MEASURED = (RECOMPUTE, REFRESH, BOTH, DOSSIER, COMPARISON, FLOOR)
CLEAN = re.compile(r"probeer het\b[^<]{0,40}\bopnieuw", re.IGNORECASE)


@dataclass
class Target:
    """One scenario input a user saves again and again, and the scenario editor it is saved from."""

    kind: str  # the kind's URL key, e.g. "tarief"
    model: str  # app_label.ModelName, for counting
    pk: int
    field: str  # the number that changes
    editor: str  # path of the scenario editor whose result refreshes after the save
