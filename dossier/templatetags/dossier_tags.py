"""Template helpers: plain-text prose to safe HTML, field values for display, element ids and URLs."""

from decimal import Decimal, InvalidOperation

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Manager
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from finance.fields import show_value

register = template.Library()


@register.filter
def prose(text: str):
    """Plain text with blank-line paragraphs and "- " bullet lines, escaped, as HTML."""
    blocks = [b.strip("\n") for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    html = []
    for block in blocks:
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if all(line.lstrip().startswith(("- ", "• ")) for line in lines):
            items = "".join(f"<li>{conditional_escape(line.lstrip()[2:].strip())}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(conditional_escape(line) for line in lines) + "</p>")
    return mark_safe("".join(html))  # noqa: S308 - every piece of user text above is escaped


@register.simple_tag
def field_rows(obj, section):
    """(label, value) pairs of a section's fields, values formatted for display."""
    rows = []
    for name in section.fields:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(value, Manager):
            value = ", ".join(str(o) for o in value.all())
        elif model_field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif model_field.get_internal_type() == "DateField" and value:
            value = date_filter(value, "j F Y")
        elif (shown := show_value(model_field, value)) is not None:
            value = shown
        rows.append((model_field.verbose_name, value))
    return rows


@register.simple_tag
def element_id(kind, obj, section=None):
    base = f"{kind.key}-{obj.pk}"
    return f"{base}-{section.key}" if section else base


@register.simple_tag
def edit_url(dossier, kind, obj, section=None):
    if section is not None:
        return reverse(
            "dossier:edit-section",
            kwargs={"slug": dossier.slug, "kind": kind.key, "pk": obj.pk, "section": section.key},
        )
    return reverse("dossier:edit", kwargs={"slug": dossier.slug, "kind": kind.key, "pk": obj.pk})


@register.simple_tag
def cite_url(dossier, obj, field=""):
    ct = ContentType.objects.get_for_model(obj)
    url = reverse("dossier:create", kwargs={"slug": dossier.slug, "kind": "bronvermelding"})
    return f"{url}?content_type={ct.pk}&object_id={obj.pk}&field={field}"


@register.simple_tag
def citations_for(obj, field=""):
    """(field label, citation) pairs of `obj`: of one field, of several (a Section), or "*" for all of them."""
    cited = getattr(obj, "cited", {})
    if field == "*":
        names = list(cited)
    elif hasattr(field, "fields"):
        names = list(field.fields)
    else:
        return [("", c) for c in cited.get(field, [])]
    rows = []
    for name in names:
        label = obj._meta.get_field(name).verbose_name if name else ""
        rows.extend((label, c) for c in cited.get(name, []))
    return rows


@register.filter
def score_level(score: int) -> str:
    return "high" if score >= 15 else "medium" if score >= 8 else "low"


@register.simple_tag
def filled_mark(text):
    return format_html(
        '<span class="mark mark--{}">{}</span>',
        "yes" if (text or "").strip() else "no",
        "✓" if (text or "").strip() else "–",
    )


@register.simple_tag
def undo_url(dossier, record):
    return reverse(
        "dossier:undo",
        kwargs={"slug": dossier.slug, "model": record.instance_type._meta.model_name, "history_id": record.history_id},
    )


@register.filter
def attr_value(obj, name):
    return getattr(obj, name, "")


@register.simple_tag
def element_link(dossier, obj):
    """A link to the page that shows `obj` (an element of this dossier)."""
    from dossier.kinds import element_url

    if obj is None:
        return "—"
    return format_html('<a href="{}">{}</a>', element_url(dossier, obj), obj)


@register.filter
def cell(value, kind):
    """A figure in Dutch notation by its kind (finance.tables.Column): money in whole euros (€ 3.047.699), an entered
    amount with its cents where it has any (€ 4.495,50), 12,5%, fte with one decimal, whole people, a weighted
    score with three decimals, a year as it is."""
    from finance import numbers

    if value is None or value == "":
        return "—"
    if kind == "year" or not isinstance(value, (Decimal, int, float)) or isinstance(value, bool):
        return str(value) if kind == "year" else value
    formatter = {
        "money": numbers.format_money,
        "amount": numbers.format_amount,
        "percent": numbers.format_percent,
        "fte": numbers.format_fte,
        "count": numbers.format_count,
        "score": lambda v: numbers.format_number(v, 3),
        "number": lambda v: numbers.format_number(v, None if Decimal(v) == Decimal(v).to_integral() else 2),
        "difference": numbers.format_difference,
    }.get(kind)
    return formatter(value) if formatter else value


@register.simple_tag
def table_rows(table):
    """A finance table's body rows: the first cell heads its row, figures are right-aligned, the source last.
    Written here rather than as template loops: a scenario's result (~100 cells) is rendered after every save."""
    from django.utils.formats import localize

    def shown(value):  # as {{ value }} prints it
        return conditional_escape(value if isinstance(value, str) else localize(value))

    classes = ["" if c.kind == "text" else ' class="num"' for c in table.columns]
    html = []
    for row, source in zip(table.rows, table.sources, strict=True):
        cells = [
            f'<th scope="row">{shown(cell(value, column.kind))}</th>'
            if i == 0
            else f"<td{classes[i]}>{shown(cell(value, column.kind))}</td>"
            for i, (value, column) in enumerate(zip(row, table.columns, strict=True))
        ]
        html.append(f'<tr>{"".join(cells)}<td class="source">{shown(source)}</td></tr>')
    return mark_safe("".join(html))  # noqa: S308 - every value and source above is escaped


@register.simple_tag
def scoped_id(kind, what, parent=None):
    """The id of a kind's list ("list") or new-element slot ("new") on a page (see Kind.scoped_id)."""
    return kind.scoped_id(what, parent or None)


@register.simple_tag
def parent_query(kind, parent):
    """The query string that opens a new element of `kind` under `parent` (e.g. ?provider=3)."""
    return f"?{kind.parent_field}={parent.pk}"


@register.filter
def field(form, name):
    """The bound field `name` of a form (for forms whose fields are made per row)."""
    return form[name]


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None; also when the mapping is missing (an unbound form has no confirmations yet)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def money_text(value):
    """A money amount kept as text in a snapshot ("1234.50") in Dutch notation, in whole euros."""
    if value in (None, ""):
        return "—"
    try:
        return cell(Decimal(value), "money")
    except InvalidOperation:
        return value
