"""The college's decision on a definitive version, as the bestuurssecretariaat records it from the besluitenlijst.

A recorded decision is final: never changed, never deleted (like a frozen version). A mistake is corrected by a new
decision that names the one it corrects; the latest decision nobody corrected is the one that counts. The only later
write is its publication under the Woo (once, and only of a public proposal)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models.base import TEXT_MAX_LENGTH, CleanReportsConstraints

from .versions import DossierVersion


class Decision(CleanReportsConstraints, models.Model):
    class Outcome(models.TextChoices):
        CONFORM = "conform", _("Conform")
        GEWIJZIGD = "gewijzigd", _("Gewijzigd")
        AANGEHOUDEN = "aangehouden", _("Aangehouden")
        VERWORPEN = "verworpen", _("Verworpen")

    # Outcomes that end the dossier (closed for editing); aangehouden sends it back for a new round.
    CLOSING = (Outcome.CONFORM, Outcome.GEWIJZIGD, Outcome.VERWORPEN)
    # The statuses of a version the college decides on (the advice route adds its "gereed voor besluitvorming").
    DECIDABLE = (DossierVersion.Status.DEFINITIEF,)

    version = models.ForeignKey(
        DossierVersion, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("version")
    )
    # The decision's number on its version (1, 2, … as recorded, corrections included): it names the decided copies,
    # and unlike the database id it is the same after an export is imported elsewhere.
    number = models.PositiveIntegerField(_("number"), editable=False)
    meeting_date = models.DateField(_("date of the college meeting"))
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome)
    amended_beslispunten = models.TextField(
        _("amended beslispunten"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Only for “gewijzigd”: the beslispunten as the college adopted them."),
    )
    reason = models.TextField(
        _("reason for holding"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Only for “aangehouden”: why, and what the kwartiermaker is to do for a new round."),
    )
    besluitenlijst = models.TextField(_("text in the besluitenlijst"), max_length=TEXT_MAX_LENGTH)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    correction_note = models.TextField(_("what is corrected"), blank=True, max_length=TEXT_MAX_LENGTH)
    # Copied from the version's snapshot when recorded (it never changes): only a public proposal is published.
    openbaar = models.BooleanField(_("public"), default=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords()

    constraints_checked_in_clean = frozenset(
        {"decision_amended_iff_gewijzigd", "decision_reason_iff_aangehouden", "decision_note_iff_correction"}
    )
    PUBLISH_FIELDS = frozenset({"published_at", "published_by"})

    class Meta:
        verbose_name = _("decision of the college")
        verbose_name_plural = _("decisions of the college")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="decision_number_per_version"),
            models.CheckConstraint(
                condition=Q(outcome="gewijzigd", amended_beslispunten__gt="")
                | (~Q(outcome="gewijzigd") & Q(amended_beslispunten="")),
                name="decision_amended_iff_gewijzigd",
            ),
            models.CheckConstraint(
                condition=Q(outcome="aangehouden", reason__gt="") | (~Q(outcome="aangehouden") & Q(reason="")),
                name="decision_reason_iff_aangehouden",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, correction_note="")
                | Q(corrects__isnull=False, correction_note__gt=""),
                name="decision_note_iff_correction",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | (Q(openbaar=True) & ~Q(outcome="aangehouden")),
                name="decision_published_only_public_and_final",
            ),
        ]

    def __str__(self):
        return f"{self.version}: {self.get_outcome_display()} ({self.meeting_date:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        # Final: once recorded only its publication is written (update_fields names exactly that).
        fields = set(kwargs.get("update_fields") or ())
        if not self._state.adding and (not fields or not fields <= self.PUBLISH_FIELDS):
            raise ValidationError(_("A recorded decision cannot be changed; record a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A recorded decision cannot be deleted; record a correction instead."))

    def clean(self):
        errors = {}
        if self.outcome == self.Outcome.GEWIJZIGD and not self.amended_beslispunten.strip():
            errors["amended_beslispunten"] = _("Write the beslispunten as the college amended them.")
        if self.outcome != self.Outcome.GEWIJZIGD and self.amended_beslispunten.strip():
            errors["amended_beslispunten"] = _("Amended beslispunten belong only to a decision “gewijzigd”.")
        if self.outcome == self.Outcome.AANGEHOUDEN and not self.reason.strip():
            errors["reason"] = _("Say why the college held the proposal, for the kwartiermaker's new round.")
        if self.outcome != self.Outcome.AANGEHOUDEN and self.reason.strip():
            errors["reason"] = _("A reason belongs only to a decision “aangehouden”.")
        if self.corrects_id is not None and not self.correction_note.strip():
            errors["correction_note"] = _("Say what this correction corrects.")
        if self.meeting_date is not None:
            today = timezone.localdate()
            if self.meeting_date > today:
                errors["meeting_date"] = _("The meeting cannot be in the future.")
            elif self.version_id is not None and self.meeting_date < timezone.localdate(self.version.frozen_at):
                errors["meeting_date"] = _("The meeting cannot be before the version was frozen.")
        if self.version_id is not None and self.version.status not in self.DECIDABLE:
            errors["version"] = _("The college decides on a definitive version only.")
        if errors:
            raise ValidationError(errors)

    @property
    def closes(self) -> bool:
        return self.outcome in self.CLOSING

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
