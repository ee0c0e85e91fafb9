"""An edit that meets a newer save, the same way in every edit view: HTTP 409, the person's input kept, what is saved
now shown beside it as the pages show it, and the form carrying the saved version, so that saving again overwrites
deliberately (and a second stale save is a conflict again)."""

from dataclasses import dataclass

from .errors import ConflictError
from .selectors import display_value

STATUS = 409


@dataclass(frozen=True)
class Saved:
    label: str
    value: str


def conflict(
    form, exc: ConflictError, *, versions: dict | None = None, fields=None, message: str | None = None
) -> list[Saved]:
    """Turn `form` (bound, with the person's input) into the answer to a conflict and return what is saved now.

    `versions` maps the form's version fields to the versions saved now (default: `expected_version` to the saved
    element's); `fields` names what to show, as form field names or {form field: model field} (default: the form's
    fields that are fields of the element). The rows are also on `form.saved_now`, for the templates."""
    form.add_error(None, message or exc.message)
    form.data = form.data.copy()
    for name, version in (versions if versions is not None else {"expected_version": exc.current.version}).items():
        form.data[form.add_prefix(name)] = "" if version is None else version
    current = exc.current
    if fields is None:
        model_fields = {f.name for f in current._meta.get_fields()}
        fields = [name for name in form.fields if name != "expected_version" and name in model_fields]
    pairs = fields.items() if isinstance(fields, dict) else ((name, name) for name in fields)
    form.saved_now = [Saved(str(form.fields[name].label), shown(current, model_name)) for name, model_name in pairs]
    return form.saved_now


def shown(obj, name: str) -> str:
    """A field of a saved element as the pages show it: € 4.495,50, 12,5%, a choice's label, the names it refers to."""
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(o) for o in getattr(obj, name).all()) or "—"
    if model_field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else "—"
    return display_value(type(obj), name, getattr(obj, model_field.attname))
