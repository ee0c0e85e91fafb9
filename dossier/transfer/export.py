"""Writing a dossier with everything it owns as a JSON-ready dict (format: `format.py`)."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from ..models import Dossier
from ..values import plain_value
from .format import (
    FORMAT,
    FORMAT_VERSION,
    TransferError,
    _generic,
    _history_model,
    _is_history,
    _keyed,
    _m2m_history,
    owned_models,
)


def dossier_export(*, dossier: Dossier) -> dict:
    """The dossier and everything it owns, with its history, as plain JSON values (see docs/transfer.md)."""
    return _Export(dossier).run()


class _Export:
    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.owned = owned_models()
        self.refs: dict[type, dict[int, int]] = {Dossier: {dossier.pk: 1}}
        self.usernames: dict[int, str | None] = {}
        self.keys: dict[tuple, str | None] = {}
        self.requires: dict[str, set] = defaultdict(set)

    def run(self) -> dict:
        live, history = {}, {}
        for model, lookup in self.owned.items():
            m2m = [f.name for f in model._meta.many_to_many]
            live[model] = list(
                model._default_manager.filter(**{lookup: self.dossier}).prefetch_related(*m2m).order_by("pk")
            )
            history[model] = self._history(model, [o.pk for o in live[model]])
            pks = sorted({o.pk for o in live[model]} | {h.id for h in history[model]})
            self.refs[model] = {pk: ref for ref, pk in enumerate(pks, start=1)}
        history[Dossier] = self._history(Dossier, [self.dossier.pk])
        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "dossier": self._row(self.dossier),
            "objects": {
                m._meta.label_lower: [{"ref": self.refs[m][o.pk], **self._row(o)} for o in live[m]] for m in self.owned
            },
            "history": {
                m._meta.label_lower: self._history_rows(m, rows) for m, rows in history.items() if _history_model(m)
            },
        }
        user_model = get_user_model()
        users = user_model._default_manager.filter(pk__in=[pk for pk, name in self.usernames.items() if name])
        data["users"] = sorted(
            (
                {"username": u.get_username(), "first_name": u.first_name, "last_name": u.last_name, "email": u.email}
                for u in users
            ),
            key=lambda u: u["username"],
        )
        data["requires"] = {label: sorted(keys) for label, keys in sorted(self.requires.items())}
        return data

    def _history(self, model, live_pks) -> list:
        history_model = _history_model(model)
        if history_model is None:
            return []
        rows = history_model._default_manager.all()
        if model is Dossier:
            rows = rows.filter(id=self.dossier.pk)
        elif any(f.name == "dossier" for f in history_model._meta.concrete_fields):
            rows = rows.filter(dossier_id=self.dossier.pk)
        else:  # a child without its own dossier field: only the history of rows that still exist
            rows = rows.filter(id__in=live_pks)
        return list(rows.order_by("history_id"))

    def _row(self, obj) -> dict:
        generic = _generic(type(obj))
        row = {}
        for f in obj._meta.concrete_fields:
            if f.primary_key or f.name in generic or (f.name == "dossier" and f.related_model is Dossier):
                continue
            if f.name == "id" and _is_history(type(obj)):  # the element a history row is about
                if type(obj).instance_type is not Dossier:
                    row["ref"] = self.refs[type(obj).instance_type].get(obj.id)
                continue
            value = getattr(obj, f.attname)
            row[f.name] = (
                None if value is None else self._ref(f.related_model, value) if f.is_relation else plain_value(value)
            )
        for fk_field, ct_field in generic.items():
            content_type = ContentType.objects.get_for_id(getattr(obj, f"{ct_field}_id"))
            row[fk_field] = self._ref(content_type.model_class(), getattr(obj, fk_field))
        for f in obj._meta.many_to_many:
            refs = (self._ref(f.related_model, o.pk) for o in getattr(obj, f.name).all())
            row[f.name] = sorted(r for r in refs if r is not None)
        return row

    def _history_rows(self, model, records) -> list[dict]:
        rows = [self._row(record) for record in records]
        for field, m2m_model in _m2m_history(_history_model(model)):
            target = field.m2m_reverse_field_name()
            by_record = defaultdict(list)
            for history_id, pk in m2m_model._default_manager.filter(history__in=records).values_list(
                "history_id", f"{target}_id"
            ):
                by_record[history_id].append(self._ref(field.related_model, pk))
            for record, row in zip(records, rows, strict=True):
                row[field.name] = sorted(r for r in by_record[record.history_id] if r is not None)
        return rows

    def _ref(self, model, pk):
        """How the file names a related row: a username, an app_label.model, an export-local ref or a key."""
        if model is get_user_model():
            if pk not in self.usernames:
                self.usernames[pk] = (
                    model._default_manager.filter(pk=pk).values_list(model.USERNAME_FIELD, flat=True).first()
                )
            return self.usernames[pk]
        if model is ContentType:
            return ".".join(ContentType.objects.get_for_id(pk).natural_key())
        if model in self.refs:
            return self.refs[model].get(pk)  # None: a row of another dossier, or gone without a trace
        if not _keyed(model):
            raise TransferError(f"{model._meta.label} is geen onderdeel van het dossier en heeft geen sleutel")
        if (model, pk) not in self.keys:
            self.keys[model, pk] = model._default_manager.filter(pk=pk).values_list("key", flat=True).first()
        if self.keys[model, pk] is not None:
            self.requires[model._meta.label_lower].add(self.keys[model, pk])
        return self.keys[model, pk]
