"""Common ground of every piece of dossier content: its dossier, an edit version and recorded history."""

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 20_000


class DossierContent(models.Model):
    """Abstract base: belongs to one dossier and is versioned for optimistic locking.

    `version` is raised by every service write; a form carries the version it was rendered from, so a save
    based on an outdated version is refused instead of silently overwriting somebody else's change.
    """

    dossier = models.ForeignKey("dossier.Dossier", on_delete=models.CASCADE, verbose_name=_("dossier"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Deleting an element deletes its citations with it (each deletion recorded in the history).
    cited_by = GenericRelation("dossier.Citation")

    # Text fields a citation may point at; each model lists its own.
    # Every concrete subclass declares `history = HistoricalRecords()`: simple-history's inherit=True
    # cannot be combined with the m2m tracking that InfrastructureFunction needs.

    citable_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def get_dossier(self):
        return self.dossier


class CleanReportsConstraints:
    """Mixin for models whose clean() reports some check constraints beside the field the user must change:
    those constraints are then skipped in form validation (they stay in the database as a guard), so the user
    does not see the same rule twice."""

    constraints_checked_in_clean: frozenset[str] = frozenset()

    def validate_constraints(self, exclude=None):
        errors = {}
        for constraint in self._meta.constraints:
            if constraint.name in self.constraints_checked_in_clean:
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class ChoiceListField(models.JSONField):
    """A list of choices (e.g. the services a gemeente buys), stored as JSON: at least one, each a known choice; a
    form shows it as checkboxes and a page as the choices' labels. Migrations see the plain JSONField."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = item_choices
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        known = {key for key, _label in self.item_choices}
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v in known for v in value):
            raise ValidationError(_("Choose at least one of the options."), code="invalid_choice")

    def labels(self, value) -> list[str]:
        names = dict(self.item_choices)
        return [str(names.get(v, v)) for v in value]

    def formfield(self, **kwargs):

        return forms.TypedMultipleChoiceField(
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            required=not self.blank,
            choices=self.item_choices,
            widget=forms.CheckboxSelectMultiple,
            **{k: v for k, v in kwargs.items() if k in ("label", "help_text", "error_messages", "widget")},
        )
