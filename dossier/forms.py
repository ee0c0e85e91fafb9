"""Forms for dossier content. Every edit form carries the version it was opened at (optimistic locking)."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from finance.fields import dutch_number_fields
from finance.models import TariffSet
from finance.numbers import format_amount, implausible_change

from .baseline_upload import MAX_BYTES
from .models import (
    Citation,
    Deelproduct,
    Dossier,
    InfrastructureFunction,
    Kader,
    KaderToets,
    Milestone,
    Opdrachtgever,
    Organisation,
    Participant,
    PopulationBaseline,
    ResearchArea,
    Risk,
    Source,
)
from .models.base import TEXT_MAX_LENGTH

BLANK_LABEL = _("– choose –")


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of a related element: a number beyond what the database can hold is an invalid choice like any
    other unknown one (SQLite raises OverflowError for it, which would be a server error)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several related elements, bounded as BoundedModelChoiceField."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": ", ".join(map(str, value))},
            ) from None


BOUNDED = {
    forms.ModelChoiceField: BoundedModelChoiceField,
    forms.ModelMultipleChoiceField: BoundedModelMultipleChoiceField,
}


def add_errors(form, exc: ValidationError) -> None:
    """Put a ValidationError a service raised (rules and constraints the form cannot see) beside the fields it
    names; the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        for error in errors:
            field = name if name in form.fields else _unique_field(form, error)
            if field is not None and error.code == "unique_together":
                label = form.fields[field].label
                error = ValidationError(
                    _("A %(kind)s with this %(field)s already exists in this dossier.")
                    % {"kind": form._meta.model._meta.verbose_name, "field": label}
                )
            form.add_error(field, error)


def _unique_field(form, error):
    """The form field a per-dossier unique constraint is about (e.g. `number` of (dossier, number))."""
    check = (getattr(error, "params", None) or {}).get("unique_check", ())
    return next((name for name in check if name in form.fields), None)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ContentForm(forms.ModelForm):
    """Base form: a hidden edit version, text areas bounded in length, dates as native date inputs, numbers read
    and shown the Dutch way (finance.fields)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, dossier=None, fields=None, author="", **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.author = author  # the editor's role in the dossier, e.g. "Kwartiermaker" (who sets an assumption)
        if self.instance.pk:
            # An edit must say which version it was based on, or a stale save could overwrite newer work.
            self.fields["expected_version"].required = True
            self.fields["expected_version"].initial = self.instance.version
        if fields is not None:
            for name in list(self.fields):
                if name not in fields and name != "expected_version":
                    del self.fields[name]
        if self.instance.pk:
            # What an element hangs under is a hidden field (a tariff's provider, a cost's scenario, a citation's
            # element), set when it was created: an edit neither offers nor takes it, which also spares looking it
            # up again. (expected_version is the form's own, not the model's.)
            for name, form_field in list(self.fields.items()):
                if isinstance(form_field.widget, forms.HiddenInput) and self._model_field(name) is not None:
                    del self.fields[name]
        dutch_number_fields(self.fields)
        for name, form_field in self.fields.items():
            model_field = self._model_field(name)
            if isinstance(form_field.widget, forms.Textarea):
                # The model's own limit where it is stricter (a beslispunt), else the common one for texts.
                limit = min(getattr(model_field, "max_length", None) or TEXT_MAX_LENGTH, TEXT_MAX_LENGTH)
                form_field.max_length = limit
                form_field.validators.append(MaxLengthValidator(limit))
                form_field.widget.attrs.update(rows=form_field.widget.attrs.get("rows", 6), maxlength=limit)
            if model_field is not None and model_field.get_internal_type() == "DateField":
                form_field.widget = DateInput()
            if type(form_field) in BOUNDED:  # the generated field, bounded (the same field, one more refusal)
                form_field.__class__ = BOUNDED[type(form_field)]
            if isinstance(form_field, forms.ModelChoiceField) and self.dossier is not None:
                # Only elements of this dossier can be chosen, whatever a crafted POST names.
                related = form_field.queryset.model
                if any(f.name == "dossier" for f in related._meta.get_fields()):
                    form_field.queryset = form_field.queryset.filter(dossier=self.dossier)
            if isinstance(form_field, forms.ModelChoiceField) and form_field.empty_label is not None:
                form_field.empty_label = BLANK_LABEL
            elif isinstance(form_field, forms.ChoiceField) and form_field.choices and form_field.choices[0][0] == "":
                form_field.choices = [("", BLANK_LABEL), *form_field.choices[1:]]

    def clean(self):
        data = super().clean()
        self._check_plausible(data)
        return data

    CONFIRM = "bevestig"  # the confirming button's name; its value names the fields and values it confirms

    def _check_plausible(self, data) -> None:
        """A money change of more than ×5 or ÷5, or to the other sign, is asked about before it is saved ("Was
        € 7.799, wordt € 77.990 — klopt dat?"): a comma lost on the way or a zero too many is caught by the person
        who typed it. The question's button confirms exactly the values it asked about."""
        self.confirmations = {}
        if not self.instance.pk:
            return
        confirmed = set(self.data.get(self.CONFIRM, "").split(";"))
        for name, field in self.fields.items():
            new, old = data.get(name), getattr(self.instance, name, None)
            if not getattr(field, "money", False) or name in self.errors or not implausible_change(old, new):
                continue
            if f"{name}={new}" in confirmed:
                continue
            question = _("Was %(old)s, becomes %(new)s — is that right?") % {
                "old": format_amount(old),
                "new": format_amount(new),
            }
            self.confirmations[name] = {"question": question, "value": new}
            self.add_error(name, ValidationError(question, code="confirm"))

    @property
    def confirmation_token(self) -> str:
        """The confirming button's value: every asked-about field with the value it would get."""
        return ";".join(f"{name}={asked['value']}" for name, asked in getattr(self, "confirmations", {}).items())

    @property
    def only_needs_confirmation(self) -> bool:
        confirmations = getattr(self, "confirmations", {})
        return bool(confirmations) and set(self.errors) <= set(confirmations)

    def _model_field(self, name):
        try:
            return self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field, e.g. expected_version
            return None

    def _post_clean(self):
        # Cross-field model rules (constraints, clean()) need the dossier before validation.
        if self.dossier is not None and hasattr(self.instance, "dossier_id") and not self.instance.dossier_id:
            self.instance.dossier = self.dossier
        super()._post_clean()

    def _get_validation_exclusions(self):
        # A choice field has just looked its element up among this dossier's: the model's own check that the
        # foreign key exists would ask the database again.
        exclude = super()._get_validation_exclusions()
        exclude.update(name for name, f in self.fields.items() if type(f) is forms.ModelChoiceField)
        return exclude

    def validate_unique(self):
        """Uniqueness is checked by the service that saves, inside its transaction with the row locked (the only
        place it holds); `add_errors` puts its message beside the field. Checking here too would cost a query
        for a verdict that could be stale by the time of the save."""

    @property
    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "expected_version"}


class DossierForm(ContentForm):
    class Meta:
        model = Dossier
        fields = [
            "title",
            "gemeente",
            "zaaknummer",
            "status",
            "opdracht_date",
            "approved_by",
            "period_label",
            "period_start",
            "period_end",
            "dvo_provider",
            "dvo_end",
            "dvo_notice_deadline",
            "dvo_renewal_years",
            *Dossier.text_fields,
        ]


class DeelproductForm(ContentForm):
    class Meta:
        model = Deelproduct
        fields = ["number", "title", "description", "status", "due_label"]


class KaderForm(ContentForm):
    class Meta:
        model = Kader
        fields = ["number", "kind", "title", "reference", "note", "key"]
        help_texts = {"key": _("Short unique name used in links and imports, e.g. “participatiewet”.")}


class MilestoneForm(ContentForm):
    class Meta:
        model = Milestone
        fields = ["title", "date", "precision", "status", "is_decision_moment", "decision"]


class RiskForm(ContentForm):
    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "owner", "mitigation", "status"]


class ParticipantForm(ContentForm):
    class Meta:
        model = Participant
        fields = ["kind", "discipline", "name", "involvement"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Participant.Kind.WERKGROEP and not data.get("discipline"):
            self.add_error("discipline", _("Choose the discipline of this werkgroep member."))
        return data


class OpdrachtgeverForm(ContentForm):
    class Meta:
        model = Opdrachtgever
        fields = ["role", "title", "note"]


class OrganisationForm(ContentForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "key"]


class SourceForm(ContentForm):
    class Meta:
        model = Source
        fields = ["title", "author", "date", "kind", "reference", "note", "key"]


class ResearchAreaForm(ContentForm):
    class Meta:
        model = ResearchArea
        fields = ["number", "title", *ResearchArea.citable_fields]


class FunctionForm(ContentForm):
    class Meta:
        model = InfrastructureFunction
        fields = ["number", "title", "delivered_by", *InfrastructureFunction.citable_fields]
        widgets = {"delivered_by": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "delivered_by" in self.fields:
            self.fields["delivered_by"].queryset = Organisation.objects.filter(dossier=self.dossier)


class KaderToetsForm(ContentForm):
    class Meta:
        model = KaderToets
        fields = ["function", "kader", "verdict", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kader" in self.fields:
            self.fields["kader"].queryset = Kader.objects.filter(dossier=self.dossier)
        if "function" in self.fields:
            self.fields["function"].queryset = InfrastructureFunction.objects.filter(dossier=self.dossier)
            self.fields["function"].widget = forms.HiddenInput()


class BaselineForm(ContentForm):
    """The projection's assumptions; shares and fte ratios are entered as percentages (FractionField)."""

    class Meta:
        model = PopulationBaseline
        error_messages = {"services": {"required": _("Choose at least one of the DVO's services.")}}
        fields = [
            "tariff_set",
            "services",
            "start_year",
            "start_count",
            "end_year",
            "end_count",
            "method",
            "first_year",
            "last_year",
            "nieuw_beschut",
            "nieuw_beschut_growth",
            "nieuw_beschut_at_provider",
            "share_beschut",
            "share_groepsdetachering",
            "share_individuele_detachering",
            "provider_share",
            "share_overige",
            "share_overige_werkgeverstaken",
            "fte_beschut",
            "fte_groepsdetachering",
            "fte_individuele_detachering",
            "index_series",
            "future_index",
            "fixed_share",
            "assumption_by",
            "assumption_on",
            "assumption_reason",
        ]


class BaselineUploadForm(forms.Form):
    """An xlsx file in the layout of the projection's export; a dossier without a baseline also names its tariffs."""

    file = forms.FileField(
        label=_("xlsx file"),
        help_text=_("The sheet of headcounts per year and werksoort, as the projection's xlsx export writes it."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, baseline=None, **kwargs):
        kwargs.setdefault("auto_id", "id_upload_%s")  # beside the baseline form on one page: ids of its own
        super().__init__(*args, **kwargs)
        if baseline is None:
            self.fields["tariff_set"] = forms.ModelChoiceField(
                label=_("Tariff set"), queryset=TariffSet.objects.order_by("-year", "key"), empty_label=BLANK_LABEL
            )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:  # refused before it is read into memory
            raise ValidationError(_("The file is larger than 2 MB; the projection's export is far smaller."))
        return file


class CitationForm(ContentForm):
    """A citation of one field of one element; the element is fixed by hidden fields."""

    class Meta:
        model = Citation
        fields = ["source", "locator", "note", "field", "content_type", "object_id"]
        widgets = {"content_type": forms.HiddenInput, "object_id": forms.HiddenInput}

    def __init__(self, *args, target=None, citable=(), **kwargs):
        """`citable`: the models whose elements a new citation may be about (the kinds registry's, handed in by
        the view that creates it); an existing citation keeps its element."""
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(dossier=self.dossier)
        target = target or (self.instance.target if self.instance.pk else None)
        choices = [("", _("The element as a whole"))]
        if target is not None:
            model = type(target)
            choices += [(name, model._meta.get_field(name).verbose_name.capitalize()) for name in model.citable_fields]
        self.fields["field"] = forms.ChoiceField(label=_("Field"), choices=choices, required=False)
        if not self.instance.pk:  # an existing citation keeps its element (see ContentForm)
            models = [m for m in citable if m is not Citation]
            self.fields["content_type"].queryset = ContentType.objects.filter(
                pk__in=[ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
            )

    def clean(self):
        data = super().clean()
        content_type, object_id = data.get("content_type"), data.get("object_id")
        model = content_type.model_class() if content_type is not None else None
        target = model._default_manager.filter(pk=object_id).first() if model and object_id is not None else None
        if target is None or target.get_dossier() != self.dossier:
            # Keep the element's own target: the view shows the refused form with the element's page, which a
            # half-changed target (a new id under the old type) would not have.
            data.pop("content_type", None)
            data.pop("object_id", None)
            if model is not None and object_id is not None:
                raise ValidationError(_("The cited element does not exist in this dossier."))
        return data
