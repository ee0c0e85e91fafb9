"""Where a figure comes from, in one place for every model that holds figures the calculations use: a document and
the place in it (bron, offerte), or an assumption (aanname) that names who set it (a role), when and why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

ASSUMPTION = "aanname"


class Basis(models.TextChoices):
    """What a figure rests on. Reference data has finer sourced statuses (begroot, gerealiseerd, benchmark)."""

    BRON = "bron", _("Bron")
    OFFERTE = "offerte", _("Offerte")
    AANNAME = ASSUMPTION, _("Aanname")


def provenance_constraint(name: str, *, why: str = "reason", has_status: bool = True) -> models.CheckConstraint:
    """The rule of `Provenance.clean` as a database guard, for the Meta of every concrete model."""
    sourced = ~Q(source="") & ~Q(locator="")
    condition = sourced
    if has_status:
        owned = Q(status=ASSUMPTION) & ~Q(set_by="") & Q(set_on__isnull=False) & ~Q(**{why: ""})
        condition = owned | (~Q(status=ASSUMPTION) & sourced)
    return models.CheckConstraint(
        condition=condition,
        name=name,
        violation_error_message=_(
            "A sourced figure names its source and the place in it; an assumption names who set it, when and why."
        ),
    )


class Provenance(models.Model):
    """Abstract base: the status of a figure and what backs it. Concrete models add `provenance_constraint(...)` to
    their Meta; `clean()` reports the same rule beside the field to fill in, so forms skip that constraint."""

    status = models.CharField(_("status"), max_length=20, choices=Basis, default=Basis.AANNAME)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("For a source or an offerte: the document.")
    )
    locator = models.CharField(
        _("place in the source"),
        max_length=300,
        blank=True,
        help_text=_("Chapter, paragraph, page or table; for an offerte its date or reference."),
    )
    set_by = models.CharField(
        _("set by"), max_length=200, blank=True, help_text=_("For an assumption: who, as a role (e.g. Kwartiermaker).")
    )
    set_on = models.DateField(_("set on"), null=True, blank=True, help_text=_("For an assumption: when."))
    reason = models.TextField(_("explanation"), blank=True, help_text=_("For an assumption: why this figure."))

    WHY_FIELD = "reason"  # the field that says why (the finance reference data calls it `note`)

    class Meta:
        abstract = True

    @property
    def is_assumption(self) -> bool:
        return getattr(self, "status", None) == ASSUMPTION

    @property
    def citation(self) -> str:
        return f"{self.source}, {self.locator}" if self.source and self.locator else self.source or self.locator

    @property
    def basis_text(self) -> str:
        """What the figure rests on, in one line: its source and the place in it, or who assumed it and when."""
        if self.is_assumption:
            when = date_format(self.set_on, "j F Y") if self.set_on else "—"
            return _("assumption by %(who)s (%(when)s)") % {"who": self.set_by or "—", "when": when}
        return self.citation

    @property
    def why(self) -> str:
        return getattr(self, self.WHY_FIELD)

    def provenance_errors(self) -> dict:
        """What is missing for this figure to be sourced or owned, per field."""
        errors = {}
        if self.is_assumption:
            if not (self.set_by or "").strip():
                errors["set_by"] = _("An assumption names who set it, as a role (e.g. Kwartiermaker).")
            if self.set_on is None:
                errors["set_on"] = _("An assumption names the date it was set.")
            if not (self.why or "").strip():
                errors[self.WHY_FIELD] = _("An assumption says why this figure was chosen.")
        else:
            if not (self.source or "").strip():
                errors["source"] = _("A figure with a source names the document it comes from.")
            if not (self.locator or "").strip():
                errors["locator"] = _("A figure with a source names the place in it (chapter, page or table).")
        return errors

    def clean(self):
        super().clean()
        errors = self.provenance_errors()
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # clean() reports the provenance rule beside the fields; the constraint stays in the database as a guard.
        errors = {}
        for constraint in self._meta.constraints:
            if constraint.name.endswith("_provenance"):
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


# Used by the data migrations that introduced the rule (finance 0004, scenarios 0005): keep its behaviour stable.
BACKFILL_OWNER = "Kwartiermaker"
BACKFILL_DATE = datetime.date(2026, 11, 22)
BACKFILL_WHY = "Ingevoerd zonder onderbouwing voordat elk cijfer een herkomst kreeg; te onderbouwen."


def backfill(model, historical=None, *, why: str = "reason", has_status: bool = True) -> int:
    """Make every row of `model` (a migration's historical model) sourced or owned: an assumption without who or
    when gets the kwartiermaker and the day the row was created (else 22 November 2026, when the dossier was
    loaded); a "source" without the place in it becomes an assumption that says so. Returns the rows changed."""
    changed = 0
    for row in model.objects.all():
        status = getattr(row, "status", None) if has_status else None
        before = (status, row.source, row.locator, row.set_by, row.set_on, getattr(row, why))
        if not has_status:
            row.locator = row.locator or "vindplaats niet vastgelegd; na te gaan"
        elif status != ASSUMPTION and not (row.source.strip() and row.locator.strip()):
            row.status = ASSUMPTION
            cited = f"{row.source} {row.locator}".strip()
            unplaced = f"Bron zonder vindplaats ({cited}); als aanname overgenomen tot de vindplaats is nagegaan."
            setattr(row, why, f"{unplaced} {getattr(row, why)}".strip() if cited else getattr(row, why))
        if has_status and row.status == ASSUMPTION:
            row.set_by = row.set_by.strip() or BACKFILL_OWNER
            if row.set_on is None:
                row.set_on = _created_on(historical, row) or BACKFILL_DATE
            if not getattr(row, why).strip():
                setattr(row, why, BACKFILL_WHY)
        if before != (
            getattr(row, "status", None) if has_status else None,
            row.source,
            row.locator,
            row.set_by,
            row.set_on,
            getattr(row, why),
        ):
            row.save()
            changed += 1
    return changed


def _created_on(historical, row):
    if historical is None:
        return None
    first = historical.objects.filter(id=row.pk, history_type="+").order_by("history_date").first()
    return first.history_date.date() if first is not None else None
