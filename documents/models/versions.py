"""Frozen versions of a dossier: an immutable snapshot of everything the werkgroep reviews and the college decides
on, with a SHA-256 hash of its canonical JSON. A version is never changed, only superseded by a later one."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossier.models import Dossier

from ..catalogue import validate_document_name


class DossierVersion(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        TER_ADVISERING = "ter_advisering", _("Ter advisering")
        DEFINITIEF = "definitief", _("Definitief")

    class Provenance(models.TextChoices):
        FROZEN_HERE = "frozen_here", _("Frozen in this installation")
        IMPORTED_UNVERIFIED = "imported_unverified", _("Imported, not verified")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versions", verbose_name=_("dossier"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status)
    note = models.TextField(_("note"), blank=True, max_length=2_000)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("frozen by")
    )
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    snapshot = models.JSONField(_("snapshot"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    snapshot_schema = models.PositiveSmallIntegerField(_("snapshot format"), default=1)
    # Where the version comes from. A version imported from a file this installation did not sign as it is, cannot be
    # vouched for: its hash only shows that the snapshot matches the hash in the same file (`dossier.transfer`). An
    # import of this installation's own unmodified export keeps what the file says (frozen here, or imported before).
    provenance = models.CharField(_("provenance"), max_length=20, choices=Provenance, default=Provenance.FROZEN_HERE)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    imported_by_name = models.CharField(_("imported by"), max_length=150, blank=True)

    class Meta:
        db_table = "dossier_dossierversion"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["dossier", "-number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="version_number_per_dossier")]

    def __str__(self):
        return f"{self.dossier.slug} v{self.number} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A frozen version cannot be changed; freeze a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A frozen version cannot be deleted."))

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]

    @property
    def unverified(self) -> bool:
        """Imported from a file this installation cannot vouch for: never to be called intact ("ongewijzigd")."""
        return self.provenance == self.Provenance.IMPORTED_UNVERIFIED


class VersionDocument(models.Model):
    """A document of a version as PDF, generated once and served again from here: the same version, the same file.

    A definitive version gets one row per document when it is frozen, waiting; a task of the worker renders it
    (`documents.tasks`) and records each step here, so the version page shows per document where it is and a killed
    worker leaves the row waiting or rendering, never ready without its PDF. `attempt` counts the renders started:
    a task only writes the row of its own attempt, so a retry and a late first try cannot both store a PDF."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    version = models.ForeignKey(
        DossierVersion, on_delete=models.PROTECT, related_name="documents", verbose_name=_("version")
    )
    document = models.CharField(_("document"), max_length=40, validators=[validate_document_name])
    # A row made with its content is a ready document (downloads of concept versions, imports of older exports).
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.READY)
    content = models.BinaryField(_("PDF"), default=b"", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    pdf_variant = models.CharField(_("PDF variant"), max_length=20, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(_("generated at"), default=timezone.now)

    class Meta:
        db_table = "dossier_versiondocument"  # made in the dossier app, before the documents had an app of their own
        verbose_name = _("document of a version")
        verbose_name_plural = _("documents of versions")
        constraints = [models.UniqueConstraint(fields=["version", "document"], name="document_once_per_version")]

    def __str__(self):
        return f"{self.version} {self.document}"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.READY, self.State.FAILED)

    def is_stuck(self, now=None) -> bool:
        """Waiting or being made for longer than any render takes: its worker stopped (killed, or none runs)."""
        if self.is_finished:
            return False
        since = self.started_at if self.state == self.State.RENDERING else self.enqueued_at
        return since is not None and (now or timezone.now()) - since > STUCK_AFTER

    def can_retry(self, now=None) -> bool:
        return self.state == self.State.FAILED or self.is_stuck(now)


# The longest render measured (a pathological change list) took 40 s; a render still going after this is not.
STUCK_AFTER = timedelta(minutes=5)
