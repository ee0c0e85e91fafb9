"""Numbers in forms, the Dutch way: text inputs (a number input's value loses its decimal comma in the browser before
the server sees it) read with the one rule of `finance.numbers`, shown as a Dutch reader writes them (7.799,00).

Model fields say what a number is, so forms, pages and the history show it alike: `MoneyField` (euros),
`FractionField` (stored 0.125, entered and shown as 12,5%) and `YearField`. In migrations they are the plain Django
fields they extend, so adopting them changes no schema. `dutch_number_fields` gives any form's remaining number
fields the same treatment.
"""

from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .numbers import (
    NumberFormatError,
    format_amount,
    format_number,
    format_percent,
    format_year,
    input_text,
    parse_number,
)

MESSAGES = {
    "invalid": _("Enter a number, for example 12,5."),
    "invalid_money": _("Enter an amount, for example 4.495,50."),
    "invalid_percent": _("Enter a percentage, for example 12,5."),
    "commas": _("There is more than one comma in this number; use one decimal comma, for example 12,34."),
    "grouping": _("A dot separates thousands in groups of three digits (4.495,50); use a comma for decimals."),
    "decimal_point": _("Use a comma for decimals: %(suggestion)s. In Dutch a dot separates thousands."),
    "percent_sign": _("Enter a number without %."),
    "euro_sign": _("Enter a number without €."),
    "whole": _("Enter a whole number."),
    "too_long": _("This number has too many digits."),
}


class NumberInput(forms.TextInput):
    """A text input for numbers: the browser leaves what was typed alone; phones show a keyboard with a comma."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class _DutchNumber:
    """What the Dutch number form fields share: reading with `parse_number`, and the value shown in the input."""

    money = False
    percent = False
    places: int | None = None  # decimals shown in the input (money: 2)

    def _read(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_number(str(value), percent=self.percent, money=self.money)
        except NumberFormatError as exc:
            params = {"suggestion": exc.text.strip().replace(".", ",")} if exc.code == "decimal_point" else {}
            raise ValidationError(self._message(exc.code), code=exc.code, params=params) from None

    def _message(self, code: str):
        if code == "invalid":
            code = "whole" if isinstance(self, WholeNumberField) else "invalid_money" if self.money else code
            code = "invalid_percent" if self.percent else code
        return MESSAGES[code]

    def prepare_value(self, value):
        """A stored value (a number) as the input shows it; text a person typed is shown as it was typed."""
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return input_text(value, places=self.places)
        return value

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no min/max/step: they belong to <input type=number>


class NumberField(_DutchNumber, forms.DecimalField):
    """A decimal number: 4.495,50 · 4495,5 · € 4.495 (money) · -1.250 · 12,5% (a number that is a percentage)."""

    widget = NumberInput

    def __init__(self, *, money: bool = False, percent: bool = False, **kwargs):
        self.money, self.percent = money, percent
        super().__init__(**kwargs)
        if money and self.decimal_places is not None:
            self.places = self.decimal_places

    def to_python(self, value):
        return self._read(value)


class WholeNumberField(_DutchNumber, forms.IntegerField):
    """A whole number (a count, a score, a year): 1.250 · 3; a year is shown without a thousands dot."""

    widget = NumberInput

    def __init__(self, *, grouping: bool = True, **kwargs):
        self.grouping = grouping
        super().__init__(**kwargs)
        self.widget.attrs["inputmode"] = "numeric"

    def to_python(self, value):
        number = self._read(value)
        if number is None:
            return None
        if number != number.to_integral():
            raise ValidationError(MESSAGES["whole"], code="whole")
        return int(number)

    def prepare_value(self, value):
        if not self.grouping and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return super().prepare_value(value)


class PercentField(_DutchNumber, forms.DecimalField):
    """A fraction entered as a percentage: the person types 12,5 or 12,5%, the form gives 0.125. Bounds are in
    percent, so the messages speak the person's language ("at most 100")."""

    widget = NumberInput
    percent = True

    def __init__(self, *, max_digits=7, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        return self._read(value)

    def clean(self, value):
        percent = super().clean(value)
        return None if percent is None else percent / 100

    def prepare_value(self, value):
        if isinstance(value, Decimal):  # a stored fraction
            return input_text(value, percent=True)
        return value

    def has_changed(self, initial, data):
        try:
            new = self.clean(data)
        except ValidationError:
            return True
        return (None if initial in (None, "") else Decimal(initial)) != new


# --- Model fields that say what their number is -------------------------------------------------------------------


class _PlainInMigrations:
    """Migrations see the Django field this one extends: saying what a number means changes no schema."""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        base = next(b for b in type(self).__mro__ if b.__module__ == "django.db.models.fields")
        return name, f"django.db.models.{base.__name__}", args, kwargs


class MoneyField(_PlainInMigrations, models.DecimalField):
    """An amount in euros (14 digits, cents)."""

    quantity = "money"

    def __init__(self, *args, max_digits=14, decimal_places=2, **kwargs):
        super().__init__(*args, max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NumberField, "money": True, **kwargs})


class FractionField(_PlainInMigrations, models.DecimalField):
    """A share or rate stored as a fraction (0.125) and entered and shown as a percentage (12,5%). The form's bounds
    are the model's validators in percent."""

    quantity = "percent"

    def formfield(self, **kwargs):
        bounds = {}
        for validator in self.validators:
            if isinstance(validator, validators.MinValueValidator):
                bounds["min_value"] = Decimal(validator.limit_value) * 100
            elif isinstance(validator, validators.MaxValueValidator):
                bounds["max_value"] = Decimal(validator.limit_value) * 100
        label = kwargs.pop("label", None) or f"{str(self.verbose_name)[:1].upper()}{str(self.verbose_name)[1:]} (%)"
        return models.Field.formfield(
            self,
            **{
                "form_class": PercentField,
                "label": label,
                "max_digits": self.max_digits,
                "decimal_places": max(0, self.decimal_places - 2),
                **bounds,
                **kwargs,
            },
        )


class YearField(_PlainInMigrations, models.PositiveSmallIntegerField):
    """A calendar year: no thousands dot."""

    quantity = "year"

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WholeNumberField, "grouping": False, **kwargs})


def quantity(model_field) -> str:
    """What a model field's number is, for showing it: money, percent, year, integer, number, or '' (not a number).
    The one place this is decided; pages, the history and version comparisons ask here."""
    declared = getattr(model_field, "quantity", None)
    if declared:
        return declared
    if isinstance(model_field, models.DecimalField):
        return "number"
    if isinstance(model_field, models.IntegerField) and not model_field.primary_key:
        return "integer"
    return ""


def dutch_number_fields(fields: dict) -> None:
    """Give a form's plain number fields (Django's own DecimalField and IntegerField, e.g. from a model's plain
    DecimalField) Dutch input, keeping their label, bounds, digits and help. Hidden fields stay as they are."""
    for name, field in list(fields.items()):
        if field.widget.is_hidden or type(field) not in (forms.DecimalField, forms.IntegerField):
            continue
        common = {
            "required": field.required,
            "label": field.label,
            "initial": field.initial,
            "help_text": field.help_text,
            "disabled": field.disabled,
            "min_value": field.min_value,
            "max_value": field.max_value,
            "localize": field.localize,
        }
        if type(field) is forms.DecimalField:
            fields[name] = NumberField(max_digits=field.max_digits, decimal_places=field.decimal_places, **common)
        else:
            fields[name] = WholeNumberField(**common)
        extra = [v for v in field.validators if v not in fields[name].validators]
        fields[name].validators.extend(extra)


def show_value(model_field, value) -> str | None:
    """A stored number as a page shows it, by what it is (`quantity`): € 4.495,50 (an entered amount keeps its cents),
    12,5%, 2026, 1.250, 257,46. None when the field holds no number, so the caller shows it its own way."""

    kind = quantity(model_field)
    if not kind or value is None or isinstance(value, bool):
        return None
    if kind == "money":
        return format_amount(value)
    if kind == "percent":
        return format_percent(value)
    if kind == "year":
        return format_year(value)
    return format_number(value)
