"""Number form fields read Dutch input with the one rule and show stored values the Dutch way; model fields say
what their number is without changing the schema."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from finance.fields import (
    FractionField,
    MoneyField,
    NumberField,
    PercentField,
    WholeNumberField,
    YearField,
    dutch_number_fields,
    quantity,
    show_value,
)


def codes(error: ValidationError) -> list[str]:
    return [e.code for e in error.error_list]


def test_number_field_reads_dutch_and_keeps_bounds_and_digits():
    field = NumberField(money=True, max_digits=14, decimal_places=2, min_value=0)
    assert field.clean("4.495,50") == Decimal("4495.50")
    assert field.clean("€ 4.495") == Decimal("4495")
    with pytest.raises(ValidationError) as caught:
        field.clean("4495,555")
    assert codes(caught.value) == ["max_decimal_places"]
    with pytest.raises(ValidationError) as caught:
        field.clean("-1")
    assert codes(caught.value) == ["min_value"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("12,3,4", "meer dan één komma"),
        ("abc", "Vul een getal in, bijvoorbeeld 12,5"),
        ("1.2.3,4", "groepen van drie cijfers"),
        ("4495.50", "Gebruik een komma voor decimalen: 4495,50"),
        ("12%", "zonder %"),
    ],
)
def test_bad_input_gets_a_dutch_reason(text, message):
    from django.utils import translation

    with translation.override("nl"):
        with pytest.raises(ValidationError) as caught:
            NumberField(max_digits=14, decimal_places=2).clean(text)
        assert message in " ".join(caught.value.messages)


def test_the_input_is_text_with_a_decimal_keyboard_and_shows_dutch():
    class Form(forms.Form):
        amount = NumberField(money=True, max_digits=14, decimal_places=2)
        count = WholeNumberField()
        year = WholeNumberField(grouping=False)
        share = PercentField()

    html = str(Form(initial={"amount": Decimal("7799"), "count": 1250, "year": 2026, "share": Decimal("0.125")}))
    assert 'type="text"' in html and 'type="number"' not in html
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html
    assert 'value="7.799,00"' in html and 'value="1.250"' in html and 'value="2026"' in html
    assert 'value="12,5"' in html


def test_a_refused_value_is_shown_as_typed():
    class Form(forms.Form):
        amount = NumberField(money=True, max_digits=14, decimal_places=2)

    form = Form({"amount": "12,3,4"})
    assert not form.is_valid()
    assert 'value="12,3,4"' in str(form["amount"])


def test_the_example_fits_the_field():
    from django.utils import translation

    with translation.override("nl"):
        for field, message in [
            (NumberField(money=True), "Vul een bedrag in, bijvoorbeeld 4.495,50."),
            (PercentField(), "Vul een percentage in, bijvoorbeeld 12,5."),
            (WholeNumberField(), "Vul een geheel getal in."),
        ]:
            with pytest.raises(ValidationError) as caught:
                field.clean("hoog")
            assert caught.value.messages == [message]


def test_whole_numbers_refuse_fractions():
    with pytest.raises(ValidationError) as caught:
        WholeNumberField().clean("3,5")
    assert codes(caught.value) == ["whole"]
    assert WholeNumberField().clean("1.250") == 1250


def test_percent_field_gives_a_fraction_with_bounds_in_percent():
    field = PercentField(min_value=0, max_value=100)
    assert field.clean("12,5%") == Decimal("0.125")
    assert field.clean("12,5") == Decimal("0.125")
    assert field.clean("") is None if not field.required else True
    with pytest.raises(ValidationError) as caught:
        field.clean("150")
    assert codes(caught.value) == ["max_value"]
    assert not field.has_changed(Decimal("0.125"), "12,5")
    assert field.has_changed(Decimal("0.125"), "13")


def test_model_fields_say_what_they_are_and_migrate_as_plain_fields():
    money, fraction, year = MoneyField("amount"), FractionField("share", max_digits=6, decimal_places=4), YearField()
    assert money.deconstruct()[1] == "django.db.models.DecimalField"
    assert money.deconstruct()[3] == {"verbose_name": "amount", "max_digits": 14, "decimal_places": 2}
    assert fraction.deconstruct()[1] == "django.db.models.DecimalField"
    assert year.deconstruct()[1] == "django.db.models.PositiveSmallIntegerField"
    assert (quantity(money), quantity(fraction), quantity(year)) == ("money", "percent", "year")
    assert isinstance(money.formfield(), NumberField) and money.formfield().money
    assert isinstance(fraction.formfield(), PercentField)
    assert show_value(money, Decimal("4495.50")) == "€ 4.495,50"
    assert show_value(fraction, Decimal("0.125")) == "12,5%"
    assert show_value(year, 2026) == "2026"


def test_plain_number_fields_of_any_form_become_dutch():
    class Form(forms.Form):
        fte = forms.DecimalField(max_digits=6, decimal_places=2, min_value=0, label="Fte")
        score = forms.IntegerField(min_value=1, max_value=5)
        version = forms.IntegerField(widget=forms.HiddenInput)

    form = Form({"fte": "2,5", "score": "3", "version": "1"})
    dutch_number_fields(form.fields)
    assert isinstance(form.fields["fte"], NumberField) and isinstance(form.fields["score"], WholeNumberField)
    assert type(form.fields["version"]) is forms.IntegerField
    assert form.is_valid(), form.errors
    assert form.cleaned_data["fte"] == Decimal("2.5")
    bad = Form({"fte": "-1", "score": "6", "version": "1"})
    dutch_number_fields(bad.fields)
    assert set(bad.errors) == {"fte", "score"}
