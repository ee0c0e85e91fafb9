"""What changed between two frozen versions: texts (a readable word diff) and numbers (old → new, difference),
for the dossier's content and each scenario's inputs and computed results. Works on two snapshots as the documents'
reader gives them (`documents.versioning.read`): content keyed by each kind's stable name, the model's label."""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

from finance.fields import quantity

from .kinds import KINDS, kind_for_model
from .overviews import risk_headline

NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
IGNORED = {"id", "version"}
DOSSIER = "dossier.dossier"  # the stable name of the dossier's own fields (a snapshot's "dossier")


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and NUMBER_RE.match(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            return None
    return None


@dataclass(frozen=True)
class NumberChange:
    where: str  # e.g. the scenario or element
    what: str  # the field or figure
    old: Decimal | None
    new: Decimal | None
    kind: str = "number"  # how to show it: money, percent, year, score or number

    @property
    def difference(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old


@dataclass(frozen=True)
class Effect:
    """What one save did to the figures a page keeps in sight (a scenario's result, the projection's totals), each
    was → nu, and the id of the saved element on the page, where the effect is shown beside it."""

    moves: list[NumberChange]
    element: str = ""

    @property
    def no_effect(self) -> bool:
        return all(m.old == m.new for m in self.moves)


@dataclass(frozen=True)
class TextChange:
    where: str
    what: str
    old: str
    new: str

    @property
    def diff_html(self):
        """Word-level diff: removed words in <del>, added words in <ins>, everything escaped."""
        old_words, new_words = re.split(r"(\s+)", self.old or ""), re.split(r"(\s+)", self.new or "")
        out = []
        matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                out.append(escape("".join(old_words[a1:a2])))
                continue
            if a2 > a1:
                out.append(f'<del class="diff-old">{escape("".join(old_words[a1:a2]))}</del>')
            if b2 > b1:
                out.append(f'<ins class="diff-new">{escape("".join(new_words[b1:b2]))}</ins>')
        return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


@dataclass
class Changes:
    texts: list[TextChange] = field(default_factory=list)
    numbers: list[NumberChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.texts or self.numbers or self.added or self.removed)


def _label(kind_label: str, row: dict) -> str:
    for key in (
        "title",
        "name",
        "description",
        "label",
        "onderwerp",
        "heading",
        "text",
        "role",
        "buyer",
        "kern",
        "task",
    ):
        if row.get(key):
            # Named by its first sentence or clause, never cut mid-word (the wijzigingen document quotes it).
            return f"{kind_label}: {risk_headline(str(row[key]))}"
    return f"{kind_label} #{row.get('id')}"


def _compare_row(changes: Changes, where: str, old: dict, new: dict, labels: dict, kinds: dict, names) -> None:
    for key in sorted(set(old) | set(new)):
        if key in IGNORED:
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        what = labels.get(key, key)
        kind = kinds.get(key, "")
        if isinstance(kind, tuple):  # a relation: the names of what it points at, not their ids
            changes.texts.append(TextChange(where, what, names(kind[1], a), names(kind[1], b)))
            continue
        if kind == "bool" or isinstance(a, bool) or isinstance(b, bool):
            changes.texts.append(TextChange(where, what, _yes_no(a), _yes_no(b)))
            continue
        na, nb = _number(a), _number(b)
        if (na is not None or a is None) and (nb is not None or b is None) and (na is not None or nb is not None):
            if not key.endswith("_id"):
                changes.numbers.append(NumberChange(where, what, na, nb, kind or "number"))
                continue
        changes.texts.append(TextChange(where, what, _text(a), _text(b)))


def _yes_no(value) -> str:
    return "" if value is None else gettext("yes") if value else gettext("no")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def compare(
    old: dict,
    new: dict,
    *,
    kind_labels: dict | None = None,
    field_labels: dict | None = None,
    result_labels: dict | None = None,
    field_kinds: dict | None = None,
) -> Changes:
    """The changes from snapshot `old` to snapshot `new`. `kind_labels` names each kind of content (by stable name;
    `DOSSIER` for the dossier's own fields), `field_labels` maps kind → field → a readable name, `result_labels`
    names the computed figures ("year" formats a year's contribution); all optional (keys are shown otherwise)."""
    kind_labels = kind_labels or {}
    field_labels = field_labels or {}
    result_labels = result_labels or {}
    field_kinds = field_kinds or {}
    changes = Changes()
    old_content, new_content = old.get("content", {}), new.get("content", {})
    index = {}
    for content in (old_content, new_content):  # the newest name of each element wins
        for kind, rows in content.items():
            for row in rows:
                index.setdefault(kind, {})[row["id"]] = _label(kind_labels.get(kind, kind), row).split(": ", 1)[-1]

    def names(kind, value) -> str:
        if value is None:
            return ""
        values = value if isinstance(value, list) else [value]
        return ", ".join(index.get(kind, {}).get(v, f"#{v}") for v in values)

    _compare_row(
        changes,
        kind_labels.get(DOSSIER, "Bestuursopdracht"),
        old.get("dossier", {}),
        new.get("dossier", {}),
        field_labels.get(DOSSIER, {}),
        field_kinds.get(DOSSIER, {}),
        names,
    )
    for kind in sorted(set(old_content) | set(new_content)):
        label = kind_labels.get(kind, kind)
        old_rows = {r["id"]: r for r in old_content.get(kind, [])}
        new_rows = {r["id"]: r for r in new_content.get(kind, [])}
        for pk in sorted(set(old_rows) | set(new_rows)):
            if pk not in old_rows:
                changes.added.append(_label(label, new_rows[pk]))
            elif pk not in new_rows:
                changes.removed.append(_label(label, old_rows[pk]))
            else:
                _compare_row(
                    changes,
                    _label(label, new_rows[pk]),
                    old_rows[pk],
                    new_rows[pk],
                    field_labels.get(kind, {}),
                    field_kinds.get(kind, {}),
                    names,
                )
    old_results = {s["id"]: s for s in old.get("results", {}).get("scenarios", [])}
    new_results = {s["id"]: s for s in new.get("results", {}).get("scenarios", [])}
    for pk in sorted(set(old_results) & set(new_results)):
        a, b = old_results[pk], new_results[pk]
        where = b["name"]
        for key in ("cumulative", "npv", "one_off", "average_per_fte", "score", "rank"):
            if a.get(key) != b.get(key):
                what = result_labels.get(key, key)
                kind = {"score": "score", "rank": "number"}.get(key, "money")
                changes.numbers.append(NumberChange(where, what, _number(a.get(key)), _number(b.get(key)), kind))
        for year in sorted(set(a.get("yearly", {})) | set(b.get("yearly", {}))):
            va, vb = a.get("yearly", {}).get(year), b.get("yearly", {}).get(year)
            if va != vb:
                what = result_labels.get("year", "%s") % year
                changes.numbers.append(NumberChange(where, what, _number(va), _number(vb), "money"))
    return changes


RESULT_LABELS = {
    "cumulative": gettext_lazy("Cumulative contribution"),
    "npv": gettext_lazy("Net present value"),
    "one_off": gettext_lazy("One-off costs"),
    "average_per_fte": gettext_lazy("Average per fte"),
    "score": gettext_lazy("Score"),
    "rank": gettext_lazy("Rank"),
}


def _name(model) -> str:
    """A kind's stable name, as snapshots key their content: the model's label."""
    return model._meta.label_lower


def registry_labels():
    """Readable names for the kinds (by stable name), their fields and the computed figures, from the registry of
    kinds."""

    def fields(model):
        return {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields} | {
            f.name: str(f.verbose_name) for f in model._meta.many_to_many
        }

    kind_labels = {_name(kind.model): str(kind.label).capitalize() for kind in KINDS.values()}
    field_labels = {_name(kind.model): fields(kind.model) for kind in KINDS.values()}
    result_labels = {k: str(v) for k, v in RESULT_LABELS.items()} | {"year": gettext("Contribution %s")}
    return kind_labels, field_labels, result_labels


def registry_field_kinds() -> dict:
    """How each field of each kind is shown in a change: money, percent, year, bool, or a relation (kind, target kind
    key) whose ids are shown as names; what a number is, its model field says (finance.fields.quantity)."""

    def kinds_of(model) -> dict:
        result = {}
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            target = kind_for_model(f.related_model) if f.is_relation and f.related_model else None
            if f.many_to_many and target:
                result[f.name] = ("refs", _name(target.model))
            elif f.is_relation and target:
                result[f.attname] = ("ref", _name(target.model))
            elif isinstance(f, models.BooleanField):
                result[f.attname] = "bool"
            elif quantity(f) in ("money", "percent", "year"):
                result[f.attname] = quantity(f)
        return result

    return {_name(kind.model): kinds_of(kind.model) for kind in KINDS.values()}


def compare_versions(old: dict, new: dict) -> dict:
    """`compare` of two snapshots with the labels and number kinds of the registered kinds."""
    kind_labels, field_labels, result_labels = registry_labels()
    return compare(
        old,
        new,
        kind_labels=kind_labels,
        field_labels=field_labels,
        result_labels=result_labels,
        field_kinds=registry_field_kinds(),
    )
