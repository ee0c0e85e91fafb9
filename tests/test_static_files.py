"""The hand-written static files parse: a lost brace in the stylesheet silently drops every rule after it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_stylesheets_braces_balance():
    for path in (ROOT / "static" / "css").glob("*.css"):
        depth = 0
        for number, line in enumerate(re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S).splitlines(), 1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{path.name}:{number}: a closing brace too many"
        assert depth == 0, f"{path.name}: {depth} block(s) never closed"


def test_no_merge_markers_in_templates_or_static_files():
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static").rglob("*.[cj]s*")]:
        text = path.read_text(errors="replace")
        assert not re.search(r"^(<{7}|>{7}) ", text, flags=re.M), path
