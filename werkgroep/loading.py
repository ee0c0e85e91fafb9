"""The gemeente's route templates from a dossier's folder (`route.json`), loaded with the dossier: reference data
with who set it, when and why (an aanname until the gemeente confirms its own route)."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import RouteTemplate, RouteTemplateStep

FILE = "route.json"


@transaction.atomic
def route_templates_load(*, gemeente: str, folder: Path) -> int:
    """Add the folder's templates the gemeente lacks (by name); a template already there is left as it is.
    Returns how many were added."""
    path = Path(folder) / FILE
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    for item in data["templates"]:
        if RouteTemplate.objects.filter(gemeente=gemeente, name=item["name"]).exists():
            continue
        template = RouteTemplate(
            gemeente=gemeente,
            name=item["name"],
            reminder_days=item.get("reminder_days", 3),
            assumption_by=item.get("assumption_by", ""),
            assumption_on=date.fromisoformat(item["assumption_on"]) if item.get("assumption_on") else None,
            assumption_reason=item.get("assumption_reason", ""),
        )
        template.full_clean()
        template.save()
        for position, step in enumerate(item["steps"], start=1):
            row = RouteTemplateStep(
                template=template,
                position=position,
                kind=step["kind"],
                discipline=step.get("discipline", ""),
                role=step.get("role", ""),
                mandatory=step.get("mandatory", True),
                deadline_days=step["deadline_days"],
            )
            row.full_clean()
            row.save()
        added += 1
    return added
