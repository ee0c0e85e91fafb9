"""This installation's record of each dossier import: who imported which file when, what its signature said, and
which history rows it brought (they are shown as imported beside their original date and name). Never exported."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import Dossier


class DossierImport(models.Model):
    class Signature(models.TextChoices):  # the states of dossier.transfer.format.Signature
        OWN = "own", _("Signed by this installation, unmodified")
        FOREIGN = "foreign", _("Signed by another installation")
        ALTERED = "altered", _("Signed by this installation, modified since")
        UNSIGNED = "unsigned", _("Not signed")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="imports", verbose_name=_("dossier"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    # The name as it was at the import: the user's, or (no user given) the operating system's account.
    imported_by_name = models.CharField(_("imported by (name)"), max_length=150)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    signature = models.CharField(_("signature"), max_length=20, choices=Signature)
    unverified_versions = models.PositiveIntegerField(_("versions not verified"), default=0)

    class Meta:
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.dossier.slug} {self.imported_at:%Y-%m-%d %H:%M} ({self.imported_by_name})"

    @property
    def verified(self) -> bool:
        return self.signature == self.Signature.OWN


class ImportedHistory(models.Model):
    """A history row an import wrote: the row's model (not its history model) and its history id."""

    dossier_import = models.ForeignKey(
        DossierImport, on_delete=models.CASCADE, related_name="history_rows", verbose_name=_("dossier import")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    history_id = models.BigIntegerField(_("history id"))

    class Meta:
        verbose_name = _("imported history row")
        verbose_name_plural = _("imported history rows")
        constraints = [models.UniqueConstraint(fields=["content_type", "history_id"], name="history_row_imported_once")]

    def __str__(self):
        return f"{self.content_type_id}:{self.history_id}"
