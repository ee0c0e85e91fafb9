"""Template helpers: plain-text prose to safe HTML, field values for display, element ids and URLs."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Manager
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dossier import overviews
from dossier.kinds import element_url
from finance import numbers
from finance.fields import show_value
from finance.numbers import NBSP

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
        elif hasattr(model_field, "item_choices"):
            value = ", ".join(model_field.labels(value or []))
        elif model_field.get_internal_type() == "DateField" and value:
            value = date_filter(value, "j F Y")
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
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


@register.simple_tag(takes_context=True)
def delete_url(context, dossier, kind, obj):
    """The delete URL of an element. On a page it carries the page's own address (with its filters) as `next`,
    so the confirmation's Cancel and the undo after deleting return there; a fragment htmx swaps in has no page
    address of its own, and the delete view reads htmx's instead."""
    url = reverse("dossier:delete", kwargs={"slug": dossier.slug, "kind": kind.key, "pk": obj.pk})
    request = context.get("request")
    if request is not None and request.method == "GET" and not getattr(request, "htmx", False):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


@register.simple_tag
def sort_query(params, key, value):
    """The page's query string with `key` set to `value` (a sortable column's link keeps the filters)."""
    query = params.copy()
    query[key] = value
    return query.urlencode()


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


register.filter("score_level", overviews.risk_level)
register.filter("risk_headline", overviews.risk_headline)


@register.simple_tag
def filled_mark(text):
    return format_html(
        '<span class="mark mark--{}">{}</span>',
        "yes" if (text or "").strip() else "no",
        "✓" if (text or "").strip() else "–",
    )


@register.filter
def attr_value(obj, name):
    return getattr(obj, name, "")


@register.simple_tag
def element_link(dossier, obj):
    """A link to the page that shows `obj` (an element of this dossier)."""
    if obj is None:
        return "—"
    return format_html('<a href="{}">{}</a>', element_url(dossier, obj), obj)


@register.filter
def cell(value, kind):
    """A figure in Dutch notation by its kind (finance.tables.Column): money in whole euros (€ 3.047.699), an entered
    amount with its cents where it has any (€ 4.495,50), 12,5%, fte with one decimal, whole people, a weighted
    score with three decimals, a year as it is."""
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
        "score": lambda v: numbers.format_number(v, 2),
        "number": lambda v: numbers.format_number(v, None if Decimal(v) == Decimal(v).to_integral() else 2),
        "difference": numbers.format_difference,
    }.get(kind)
    return formatter(value) if formatter else value


@dataclass(frozen=True)
class TableSources:
    """A finance table's sources as notes under it: each distinct source once, numbered; `refs` gives each row's
    note number (0: none). One source for every row is one note and no column at all."""

    notes: list[str]
    refs: list[int]

    @property
    def column(self) -> bool:
        return len(self.notes) > 1 or (len(self.notes) == 1 and 0 in self.refs)


@register.filter
def breakable(label: str):
    """A column heading that may wrap after a slash ("werkgeverstaken/verloning"), escaped."""
    return mark_safe(conditional_escape(label).replace("/", "/<wbr>"))  # noqa: S308 - escaped first


@register.simple_tag
def table_sources(table) -> TableSources:
    notes: list[str] = []
    refs = []
    for source in table.sources:
        if source and source not in notes:
            notes.append(source)
        refs.append(notes.index(source) + 1 if source else 0)
    return TableSources(notes, refs)


@register.simple_tag
def table_rows(table, sources: TableSources):
    """A finance table's body rows: the first cell heads its row, figures are right-aligned, the number of the
    row's source note last (when the table has more than one source). Written here rather than as template loops:
    a scenario's result (~100 cells) is rendered after every save."""

    def shown(value):  # as {{ value }} prints it
        return conditional_escape(value if isinstance(value, str) else localize(value))

    classes = ["" if c.kind == "text" else ' class="num"' for c in table.columns]
    source_label = conditional_escape(_("Source"))
    html = []
    for row, ref in zip(table.rows, sources.refs, strict=True):
        cells = [
            f'<th scope="row">{shown(cell(value, column.kind))}</th>'
            if i == 0
            else f"<td{classes[i]}>{shown(cell(value, column.kind))}</td>"
            for i, (value, column) in enumerate(zip(row, table.columns, strict=True))
        ]
        if sources.column:
            note = (
                f'<a href="#t-{table.key}-bron-{ref}"><span class="visually-hidden">{source_label} </span>{ref}</a>'
                if ref
                else "—"
            )
            cells.append(f'<td class="source-ref">{note}</td>')
        html.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


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


# An amount in a document: the € and what follows it (a sign, digits) joined by a no-break space, so "€ 3.047.699"
# never breaks over two lines, in a figure the engine wrote or in a text a person typed ("€ 180.220", "€ -2.060").
_EURO_AND_AMOUNT = re.compile(r"€[ \u202f](?=[-−+]?\d)")


@register.filter(is_safe=True)
def euro_nobreak(html):
    """The documents' one rule for the space after the euro sign (applied once, to a document's whole body in
    templates/documents/base.html): a no-break space. Only a space between € and a number is touched, so markup and
    other text stay as they were; pages keep format_money's plain space."""
    return mark_safe(_EURO_AND_AMOUNT.sub(f"€{NBSP}", str(html)))  # noqa: S308 - only a space inside safe HTML changes


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None; a form without the mapping (no `confirmations`) resolves to "" in a template."""
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
