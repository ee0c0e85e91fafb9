"""The source register and citations: every statement or figure can say which document it comes from."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import DossierContent


class Source(DossierContent):
    """A document in the dossier's register."""

    class Kind(models.TextChoices):
        BESTUURSOPDRACHT = "bestuursopdracht", _("Bestuursopdracht")
        RAPPORT = "rapport", _("Rapport")
        RAADSBRIEF = "raadsbrief", _("Raadsbrief")
        NOTITIE = "notitie", _("Notitie")
        WET = "wet", _("Wet of regeling")
        BELEID = "beleid", _("Beleidsdocument")
        OVERIG = "overig", _("Other")

    key = models.SlugField(_("key"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author or organisation"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.RAPPORT)
    reference = models.CharField(_("link or reference"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["date", "title"]
        constraints = [models.UniqueConstraint(fields=["dossier", "key"], name="source_key_per_dossier")]

    def __str__(self):
        return self.title


class Citation(DossierContent):
    """A reference from one field of one dossier element to a place in a source."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=50, blank=True, help_text=_("Empty: the element as a whole."))
    locator = models.CharField(_("place in the source"), max_length=200, help_text=_("Chapter, page or table."))
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.source}, {self.locator}" if self.locator else str(self.source)

    def clean(self):
        errors = {}
        if self.source_id and self.dossier_id and self.source.dossier_id != self.dossier_id:
            errors["source"] = _("This source belongs to another dossier.")
        target = self.target if self.content_type_id and self.object_id else None
        if target is not None:
            if target.get_dossier().pk != self.dossier_id:
                errors["object_id"] = _("The cited element belongs to another dossier.")
            if self.field and self.field not in type(target).citable_fields:
                errors["field"] = _("This field cannot carry a citation.")
        if errors:
            raise ValidationError(errors)
