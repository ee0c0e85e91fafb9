"""What an imported row must pass before it is written: the checks a form makes of what a user types (issue 20, F1
and F2). A file's value has the JSON type its field is exported with (a list is no text, NaN and Infinity no
number), then passes the field's own checks (`clean_fields`: length, digits and decimal places, choices, validators,
blank), what a form adds for a text (a text field's `max_length`, no NUL character), the model's check constraints,
and in-file uniqueness. Once all of the file is written in the import's transaction, each row's own rules across its
fields (`clean`), some of which read the rows it refers to. The first row that fails refuses the whole file, named by
its model, its ref and the field, and the transaction writes nothing.

Foreign keys are left out here: the importer resolves every reference itself (to a row of the same file or to shared
reference data) and the database checks them before the transaction commits."""

import copy
import math

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db.models import Field, Model, UniqueConstraint

from .format import TransferError, _is_history

# The JSON type a field's value is exported with (dossier.values.plain_value), by the field's internal type; any
# other internal type is exported as text. A JSONField holds any JSON (its own validation checks the shape).
_NUMBERS = ("IntegerField", "AutoField")
_DESCRIBED = {
    bool: "ja/nee",
    int: "een getal",
    float: "een getal",
    str: "een tekst",
    list: "een lijst",
    dict: "een object",
}


def plain(field: Field, value, where: str):
    """`value` of the file as the field's Python value, refused unless it has the JSON type the field is exported
    with (a list where a text is expected is not turned into "['…']"; NaN and Infinity are no number)."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return field.to_python(value)
    if kind == "BooleanField":
        expected, ok = "ja/nee (true of false)", isinstance(value, bool)
    elif kind.endswith(_NUMBERS):
        expected, ok = "een geheel getal", isinstance(value, int) and not isinstance(value, bool)
    elif kind == "DecimalField":  # exported as text ("12.50"); a whole number is read too
        expected, ok = "een bedrag of getal als tekst", isinstance(value, str | int) and not isinstance(value, bool)
    elif kind == "FloatField":
        ok = isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and math.isfinite(value)
        expected = "een eindig getal"
    else:
        expected, ok = "een tekst", isinstance(value, str)
    if not ok:
        given = _DESCRIBED.get(type(value), type(value).__name__)
        raise TransferError(f"{where}: verwacht {expected}, niet {given}")
    return field.to_python(value)


def check_row(obj: Model, where: str) -> None:
    """The checks a form makes of one row (without its foreign keys, which the importer resolves itself)."""
    model = type(obj)
    exclude = {f.name for f in model._meta.concrete_fields if f.is_relation or f.primary_key}
    # None where the field allows it (simple-history's change reason is null but not blank, for one)
    exclude |= {f.name for f in model._meta.concrete_fields if f.null and getattr(obj, f.attname) is None}
    if _is_history(model):
        exclude.add("id")  # the element a history row is about: set by the importer from the row's ref
    try:
        obj.clean_fields(exclude=exclude)
        for field in model._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if isinstance(value, str) and field.name not in exclude:
                _text(field, value)
        obj.validate_constraints(exclude=exclude)
    except ValidationError as exc:
        raise refused(where, exc) from exc


def _text(field: Field, value: str) -> None:
    """What a form's text field checks and the model does not: a text field's max_length, no NUL characters
    (PostgreSQL cannot store them; SQLite would)."""
    validators = [ProhibitNullCharactersValidator()]
    if field.get_internal_type() == "TextField" and field.max_length:
        validators.append(MaxLengthValidator(field.max_length))
    try:
        for validator in validators:
            validator(value)
    except ValidationError as exc:
        raise ValidationError({field.name: exc.error_list}) from exc


def check_rows(model, objects: list[Model], refs: list) -> None:
    """Every row of one model in the file, then their unique fields among each other (the database holds none of
    them yet): two rows with the same value are named by both refs."""
    label = model._meta.label_lower
    for obj, ref in zip(objects, refs, strict=True):
        check_row(obj, f"{label} {ref}")
    for fields in _unique_sets(model):
        seen = {}
        for obj, ref in zip(objects, refs, strict=True):
            key = tuple(getattr(obj, model._meta.get_field(name).attname) for name in fields)
            if any(value is None for value in key):
                continue
            if key in seen:
                raise TransferError(
                    f"{label} {seen[key]} en {ref}, {', '.join(fields)}: dezelfde waarde komt twee keer voor"
                )
            seen[key] = ref


def check_models(rows: list[tuple[Model, str]]) -> None:
    """Each row's own rules across its fields (`Model.clean`), once every row of the file is written in the
    transaction: some read the rows they refer to (a citation's target, a scenario's provider). A copy is checked,
    as some rules normalise what they check (a milestone's date)."""
    for obj, where in rows:
        try:
            copy.copy(obj).clean()
        except ValidationError as exc:
            raise refused(where, exc) from exc


def check_user(user: Model, where: str) -> None:
    """A user the import creates: the checks of the user form (user name, lengths, e-mail address)."""
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise refused(where, exc) from exc


def refused(where: str, exc: ValidationError) -> TransferError:
    """One line naming the row, the first field that fails and why."""
    if hasattr(exc, "error_dict"):
        name, errors = next(iter(exc.error_dict.items()))
        messages = " ".join(message for error in errors for message in error.messages)
        return TransferError(f"{where}: {messages}" if name == NON_FIELD_ERRORS else f"{where}, {name}: {messages}")
    return TransferError(f"{where}: {' '.join(exc.messages)}")


def _unique_sets(model) -> list[tuple[str, ...]]:
    """The field sets that must be unique among a model's rows: unique fields, unique_together and unconditional
    unique constraints on fields (the primary key is the importer's own)."""
    sets = [(f.name,) for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [tuple(names) for names in model._meta.unique_together]
    sets += [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, UniqueConstraint) and c.fields and c.condition is None and not c.expressions
    ]
    return sets
