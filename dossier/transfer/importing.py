"""Reading an export into a database: all of it or nothing."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

from ..models import Dossier
from . import validation
from .format import (
    ANCHORED,
    IMPORT_MARKS,
    REFERENCE_HINT,
    ROW_CHECKS,
    ImportMark,
    SlugTaken,
    TransferError,
    _anchors_named,
    _check_header,
    _generic,
    _history_model,
    _keyed,
    _m2m_history,
    _renamed,
    owned_models,
)
from .provenance import import_mark, record_import


def dossier_import(
    *, data: dict, slug: str | None = None, imported_by=None, imported_by_name: str = "", file_sha256: str = ""
) -> Dossier:
    """Create the dossier described by an export, under its own slug or `slug`. All of it or nothing.

    `imported_by` (a user) or else `imported_by_name` (default: the operating system's account) is who imports; the
    import is recorded (`provenance.record_import`: its `DossierImport` row says what the signature said and how many
    versions could not be verified) with the history rows it wrote, and as a security event."""
    _check_header(data)
    mark = import_mark(data, imported_by=imported_by, imported_by_name=imported_by_name)
    try:
        original = data["dossier"]["slug"]
    except (KeyError, TypeError) as exc:
        raise TransferError("het bestand mist de slug van het dossier") from exc
    target = slug or original
    try:
        validate_slug(target)
    except ValidationError as exc:
        raise TransferError(f"“{target}” is geen geldige slug (letters, cijfers, - en _)") from exc
    if Dossier.objects.filter(slug=target).exists():
        raise SlugTaken(f"er bestaat al een dossier “{target}”; er is niets geïmporteerd")
    try:
        with transaction.atomic():
            run = _Import(data, slug=target, mark=mark)
            dossier = run.run()
            if target != original:  # recorded as a change of its own, so the history shows the new slug
                dossier.version += 1
                dossier._change_reason = f"Geïmporteerd onder een nieuwe slug (in het bestand: “{original}”)"
                dossier.save()
            record_import(
                dossier=dossier,
                data=data,
                mark=mark,
                imported_by=imported_by,
                file_sha256=file_sha256,
                unverified=run.unverified,
                history=run.history_written,
            )
            connection.check_constraints()
    except DatabaseError as exc:  # a constraint, a value too long for its column
        raise TransferError(f"de database weigert de inhoud: {exc}") from exc
    return dossier


class _Import:
    def __init__(self, data: dict, *, slug: str, mark: ImportMark | None = None):
        self.mark = mark
        self.unverified = 0  # rows marked as not verified (`IMPORT_MARKS`)
        self.history_written: list[tuple[type[Model], list[int]]] = []  # (model, history ids) for `record_import`
        self.renamed = _renamed(data)
        self.data = {
            **data,
            **{
                section: {self.renamed.get(label, label): rows for label, rows in data[section].items()}
                for section in ("objects", "history", "requires")
                if isinstance(data.get(section), dict)
            },
        }
        for section in ("objects", "history"):
            if ANCHORED in self.data.get(section, {}):
                self.data[section][ANCHORED] = _anchors_named(self.data[section][ANCHORED], data["format_version"])
        self.slug = slug
        self.owned = owned_models()
        self.by_label = {m._meta.label_lower: m for m in self.owned} | {"dossier.dossier": Dossier}
        self.pks: dict[type, dict[int, int]] = {}
        self.user_pks: dict[str, int] = {}
        self.keys: dict[type, dict[str, int]] = {}
        self.where = "het bestand"

    def run(self) -> Dossier:
        try:
            return self._run()
        except (KeyError, TypeError, ValueError, AttributeError, LookupError, OverflowError, RecursionError) as exc:
            raise TransferError(f"{self.where}: onverwachte of ontbrekende gegevens ({exc!r})") from exc

    def _run(self) -> Dossier:
        objects, history = self._sections()
        self._reference_data()
        self._users()
        self.pks[Dossier] = {1: _allocate(Dossier, 1)[0]}
        for model in self.owned:
            live = [r.get("ref") for r in objects.get(model, [])]
            refs = sorted(set(live) | {r.get("ref") for r in history.get(model, [])})
            if any(not isinstance(r, int) or isinstance(r, bool) or r < 1 for r in refs):
                raise TransferError(f"{model._meta.label_lower}: elke ref is een positief geheel getal")
            if len(set(live)) != len(live):
                raise TransferError(f"{model._meta.label_lower}: twee rijen met dezelfde ref")
            self.pks[model] = dict(zip(refs, _allocate(model, len(refs)), strict=True))

        self.where = "dossier"
        head = {**self.data["dossier"], "slug": self.slug}
        dossier, _ = self._instance(Dossier, head, pk=self.pks[Dossier][1])
        validation.check_row(dossier, "dossier")
        # Every row is built and checked as a form would before the first is written (`validation`).
        built_rows, live = {}, [(dossier, "dossier")]
        for model, rows in objects.items():
            self.where = model._meta.label_lower
            built = [self._instance(model, row, pk=self.pks[model][row["ref"]], dossier=dossier) for row in rows]
            validation.check_rows(model, [obj for obj, _ in built], [row["ref"] for row in rows])
            self._check_rows(model, [obj for obj, _ in built])
            self._mark_rows(model, [obj for obj, _ in built])
            built_rows[model] = built
            live += [(obj, f"{self.where} {row['ref']}") for (obj, _), row in zip(built, rows, strict=True)]
        for model, rows in history.items():
            self._check_history(model, rows, dossier)

        Dossier.objects.bulk_create([dossier])
        m2m_rows = []
        for model, built in built_rows.items():
            model._default_manager.bulk_create([obj for obj, _ in built])
            m2m_rows += [(obj, name, values) for obj, m2m in built for name, values in m2m.items()]
        for obj, name, values in m2m_rows:
            field = type(obj)._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through._default_manager.bulk_create(
                [through(**{f"{source}_id": obj.pk, f"{target}_id": self._ref(field.related_model, v)}) for v in values]
            )
        validation.check_models(live)  # their rules that read related rows, now written
        for model, rows in history.items():
            self._history(model, rows, dossier)
        return dossier

    def _sections(self) -> tuple[dict, dict]:
        objects, history = {}, {}
        for section, out in (("objects", objects), ("history", history)):
            for label, rows in self.data.get(section, {}).items():
                model = self.by_label.get(label)
                if model is None or (section == "objects" and model is Dossier):
                    raise TransferError(f"{section}: onbekend soort gegevens “{label}”")
                if section == "history" and _history_model(model) is None:
                    raise TransferError(f"history: van “{label}” wordt geen geschiedenis bijgehouden")
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise TransferError(f"{section}.{label}: verwacht een lijst van objecten")
                out[model] = rows
        return objects, history

    def _reference_data(self) -> None:
        missing = []
        for label, keys in self.data.get("requires", {}).items():
            model = apps.get_model(label)
            if not _keyed(model) or model in self.owned:
                raise TransferError(f"requires: “{label}” is geen gedeelde referentiedata")
            found = dict(model._default_manager.filter(key__in=keys).values_list("key", "pk"))
            self.keys[model] = found
            missing += [f"{model._meta.verbose_name} “{k}”" for k in keys if k not in found]
        if missing:
            raise TransferError(f"ontbrekende referentiegegevens: {', '.join(missing)}; {REFERENCE_HINT}")

    def _users(self) -> None:
        """Users are matched by username; a missing one is created inactive, without a usable password."""
        user_model = get_user_model()
        users = self.data.get("users", [])
        if not isinstance(users, list):
            raise TransferError("users: verwacht een lijst van objecten")
        for index, item in enumerate(users):
            where = f"users[{index}]"
            if not isinstance(item, dict) or not isinstance(item.get("username"), str):
                raise TransferError(f"{where}: verwacht een object met een username (tekst)")
            username = item["username"]
            user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
            if user is None:
                user = user_model(
                    **{user_model.USERNAME_FIELD: username},
                    first_name=item.get("first_name", ""),
                    last_name=item.get("last_name", ""),
                    email=item.get("email", ""),
                    is_active=False,
                )
                user.set_unusable_password()
                validation.check_user(user, f"{where} ({username[:40]})")
                user.save()
            self.user_pks[username] = user.pk

    def _instance(self, model, row: dict, *, pk: int, dossier=None) -> tuple[Model, dict]:
        """An unsaved row of `model` from its exported form, and its m2m values (as refs)."""
        generic = _generic(model)
        fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
        m2m_names = {f.name for f in model._meta.many_to_many}
        values, m2m = {model._meta.pk.attname: pk}, {}
        if "dossier" in fields and fields["dossier"].related_model is Dossier:
            values["dossier_id"] = dossier.pk
        where = f"{self.where} {row.get('ref', '')}".strip()
        for name, value in row.items():
            if name == "ref" or name in generic:
                continue
            if name in m2m_names:
                if not isinstance(value, list):
                    raise TransferError(f"{where}, {name}: verwacht een lijst van refs")
                m2m[name] = value
                continue
            field = fields.get(name)
            if field is None or (name == "dossier" and field.related_model is Dossier):
                raise TransferError(f"{where}: onbekend veld “{name}”")
            if value is None or not field.is_relation:
                try:
                    values[field.attname] = (
                        None if value is None else validation.plain(field, value, f"{where}, {name}")
                    )
                except ValidationError as exc:
                    raise TransferError(f"{where}, {name}: {' '.join(exc.messages)}") from exc
            else:
                values[field.attname] = self._ref(field.related_model, value, where=where)
        for fk_field, ct_field in generic.items():
            if fk_field in row:
                target = ContentType.objects.get_for_id(values[f"{ct_field}_id"]).model_class()
                ref = row[fk_field]
                values[fk_field] = 0 if ref is None else self._ref(target, ref, where=where)  # 0: gone before export
        return model(**values), m2m

    def _ref(self, model, value, *, where: str = ""):
        where = where or self.where
        if model is get_user_model():
            if value not in self.user_pks:
                raise TransferError(f"{where}: gebruiker “{value}” staat niet in de lijst users")
            return self.user_pks[value]
        if model is ContentType:
            try:
                label = self.renamed.get(str(value), str(value))
                return ContentType.objects.get_by_natural_key(*label.split(".", 1)).pk
            except (ContentType.DoesNotExist, TypeError) as exc:
                raise TransferError(f"{where}: onbekend soort element “{value}”") from exc
        if model in self.pks:
            if value not in self.pks[model]:
                raise TransferError(f"{where}: verwijzing naar {model._meta.label_lower} {value!r} bestaat niet")
            return self.pks[model][value]
        if not _keyed(model):
            raise TransferError(f"{where}: verwijzing naar {model._meta.label_lower} kan niet worden ingelezen")
        known = self.keys.setdefault(model, {})
        if value not in known:
            pk = model._default_manager.filter(key=value).values_list("pk", flat=True).first()
            if pk is None:
                raise TransferError(f"{where}: {model._meta.verbose_name} “{value}” ontbreekt; {REFERENCE_HINT}")
            known[value] = pk
        return known[value]

    def _history(self, model, rows: list[dict], dossier: Dossier) -> None:
        history_model = _history_model(model)
        self.where = f"history.{model._meta.label_lower}"
        m2m_fields = _m2m_history(history_model)
        m2m_names = {field.name for field, _ in m2m_fields}
        history_pks = _allocate(history_model, len(rows))
        # The id of the through row an m2m history row copied is not exported (simple-history ignores it):
        # it becomes the id of the through row with the same pair now, or 0.
        through_ids = {
            field.name: {
                (a, b): pk
                for a, b, pk in field.remote_field.through._default_manager.filter(
                    **{f"{field.m2m_field_name()}_id__in": list(self.pks[model].values())}
                ).values_list(f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id", "pk")
            }
            for field, _ in m2m_fields
        }
        records, m2m_rows = [], []
        for row, history_pk in zip(rows, history_pks, strict=True):
            plain = {k: v for k, v in row.items() if k not in m2m_names and k != "ref"}
            record, _ = self._instance(history_model, plain, pk=history_pk, dossier=dossier)
            record.id = dossier.pk if model is Dossier else self._ref(model, row["ref"])
            records.append(record)
            for field, m2m_model in m2m_fields:
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                for ref in row.get(field.name, []):
                    pair = (record.id, self._ref(field.related_model, ref))
                    m2m_rows.append(
                        m2m_model(
                            history_id=history_pk,
                            id=through_ids[field.name].get(pair, 0),
                            **{f"{source}_id": pair[0], f"{target}_id": pair[1]},
                        )
                    )
        history_model._default_manager.bulk_create(records)
        self.history_written.append((model, history_pks))
        for m2m_model in {type(r) for r in m2m_rows}:
            m2m_model._default_manager.bulk_create([r for r in m2m_rows if type(r) is m2m_model])

    def _check_history(self, model, rows: list[dict], dossier: Dossier) -> None:
        """The history rows of `model` as `_history` builds them, checked as a form would (before anything is
        written; the ids of their m2m rows are only known once the live rows are)."""
        history_model = _history_model(model)
        self.where = f"history.{model._meta.label_lower}"
        m2m_names = {field.name for field, _ in _m2m_history(history_model)}
        for row in rows:
            plain = {k: v for k, v in row.items() if k not in m2m_names and k != "ref"}
            record, _ = self._instance(history_model, plain, pk=0, dossier=dossier)
            validation.check_row(record, f"{self.where} {row.get('ref', '')}".strip())

    def _check_rows(self, model, objects) -> None:
        """What the apps above the dossier check of their rows before anything is written (`ROW_CHECKS`)."""
        check = ROW_CHECKS.get(model._meta.label)
        for obj in objects if check is not None else ():
            if reason := check(obj):
                raise TransferError(reason)

    def _mark_rows(self, model, objects) -> None:
        """What the apps above the dossier mark on rows this installation cannot vouch for (`IMPORT_MARKS`)."""
        mark = IMPORT_MARKS.get(model._meta.label)
        for obj in objects if mark is not None and self.mark is not None else ():
            self.unverified += bool(mark(obj, self.mark))


def _allocate(model, count: int) -> list[int]:
    """`count` fresh primary keys of `model`, ascending, which no later insert will take: the rows are written
    with these keys so that their order (and so the order of refs in a new export) stays the same."""
    if count == 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(column)}) FROM {quoted}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
            if row:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count - 1, table])
            else:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count - 1])
            return list(range(start, start + count))
    raise TransferError(f"importeren wordt niet ondersteund op {connection.vendor}")
