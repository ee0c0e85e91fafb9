"""Reference data for the archive package: the categories of a gemeente's selectielijst, which say how long the
dossier of a decision is kept (waardering, bewaartermijn) and under which informatiecategorie. Beheer keeps them in
the admin, each with its source, never as constants in code."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ArchiveCategory(models.Model):
    """One category (a result of a procestype) of a selectielijst. Its key is its primary key, so a frozen version
    and an export name the category itself, not a row number of one database (as the Woo grounds are named)."""

    class Waardering(models.TextChoices):
        B = "B", _("B: keep permanently")
        V = "V", _("V: keep for a period, then destroy")
        N = "N", _("N: still to be decided")

    key = models.SlugField(_("key"), max_length=80, primary_key=True)
    selectielijst = models.CharField(
        _("selectielijst"),
        max_length=200,
        help_text=_("Its full name, e.g. “Selectielijst gemeenten en intergemeentelijke organen 2020”."),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("The category's number in the selectielijst."))
    label = models.CharField(_("label"), max_length=300)
    waardering = models.CharField(_("waardering"), max_length=1, choices=Waardering)
    bewaartermijn_years = models.PositiveSmallIntegerField(
        _("bewaartermijn (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Only for waardering V; empty for B (kept permanently)."),
    )
    source = models.TextField(
        _("source"),
        max_length=2_000,
        help_text=_("Title, version and category number in the selectielijst; an unverified value says so."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("selectielijst category")
        verbose_name_plural = _("selectielijst categories")
        ordering = ["selectielijst", "code"]
        constraints = [
            models.UniqueConstraint(fields=["selectielijst", "code"], name="archive_category_code_per_list"),
            models.CheckConstraint(
                condition=Q(waardering="B", bewaartermijn_years__isnull=True)
                | Q(waardering="V", bewaartermijn_years__isnull=False)
                | Q(waardering="N"),
                name="archive_category_term_fits_waardering",
                violation_error_message=_(
                    "A category kept permanently (B) has no bewaartermijn; one kept for a period (V) has one."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label} ({self.waardering})"
