"""Every form of the project, found by walking its modules, and how the app submits each one (URL, role, how the
view builds it), for the form fuzzing and the payload suites. A form nobody maps here fails those tests, so a new
form cannot go untested; a new kind of dossier content is mapped by itself through the kind registry."""

import importlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse

# The world the suites submit in lives in form_world.
from .form_world import World, build_world  # noqa: F401

# Inspecting a page lives in page_inspection; the suites call it from here (the fuzz test's source seeds Hypothesis).
from .page_inspection import harmful, parse, visible_text  # noqa: F401

PROJECT_PACKAGES = ("dossier", "scenarios", "finance", "documents", "werkgroep")
# Not imported: test modules, migrations, and the per-environment settings (production refuses to load without
# its environment, and none of them holds a form).
SKIPPED_MODULE_PARTS = ("tests", "migrations", "settings")


def project_modules() -> list[str]:
    """Every module of the project's packages (walking the files: a folder without __init__.py, such as
    a namespace package, that pkgutil does not descend into)."""
    root = Path(settings.BASE_DIR)
    names = []
    for package_name in PROJECT_PACKAGES:
        for path in sorted((root / package_name).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if any(part in SKIPPED_MODULE_PARTS for part in parts):
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            importlib.import_module(name)
            names.append(name)
    return names


def project_form_classes() -> set[type]:
    """Every Form/ModelForm class defined in a module of the project."""
    modules = set(project_modules())
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__ in modules:
                found.add(sub)
    return found


def is_abstract(form_class) -> bool:
    """A base for other forms that is never bound itself (a ModelForm without a model: ContentForm)."""
    return issubclass(form_class, forms.BaseModelForm) and form_class._meta.model is None


def is_free_text(form_field) -> bool:
    """A field a user types arbitrary text into (not a choice, a number, or a slug/e-mail/URL with its own alphabet)."""
    return (
        isinstance(form_field, forms.CharField)
        and not isinstance(form_field, forms.SlugField | forms.EmailField | forms.URLField | forms.RegexField)
        and not isinstance(form_field.widget, forms.Select)  # a text value chosen from a list (history's element)
    )


def post_data(form) -> dict:
    """What a browser submits for `form` as it is shown (its initial values), as the strings of a POST."""
    data = {}
    for name, form_field in form.fields.items():
        value = form[name].value()
        if isinstance(form_field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


# ---------------------------------------------------------------------------------------------- the world


@contextmanager
def rolled_back(django_db_blocker):
    """A module-scoped database state: built once, visible to every test of the module (each test still rolls
    back its own writes), and rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """One way the app binds `form` to a POST: the view's URL, the role allowed to post there, and how the view
    builds the form (to check the form directly, and to know its fields and the data it is shown with)."""

    key: str
    form: type
    role: str
    url: Callable  # (world) -> str
    build: Callable  # (world, data or None) -> a form instance as the view makes it
    extra: Callable = lambda world: {}  # (world) -> POST parameters the view reads beside the form
    method: str = "post"  # "get" for a filter form: its fields stand in the address bar

    def base_data(self, world) -> dict:
        """What the page submits unchanged: the form's values as shown, plus the view's own parameters."""
        return {**post_data(self.build(world, None)), **self.extra(world)}


def _kind_targets() -> list[Target]:
    from dossier.kinds import KINDS
    from dossier.models import Citation

    targets = []
    for kind in KINDS.values():
        if kind.form is None:
            continue
        if kind.creatable:
            targets.append(
                Target(
                    f"{kind.key}-create",
                    kind.form,
                    "kwartiermaker",
                    url=lambda w, kind=kind: w.url("create", kind=kind.key),
                    build=lambda w, data, kind=kind: _create_form(w, kind, data),
                )
            )
        for section in kind.sections or (None,):
            targets.append(
                Target(
                    f"{kind.key}-edit" + (f"-{section.key}" if section else ""),
                    kind.form,
                    "kwartiermaker",
                    url=lambda w, kind=kind, section=section: _edit_url(w, kind, section),
                    build=lambda w, data, kind=kind, section=section: kind.form(
                        data,
                        instance=w.element(kind),
                        dossier=w.dossier,
                        fields=section.fields if section else None,
                        **({"target": w.element(kind).target} if kind.model is Citation else {}),
                    ),
                )
            )
    return targets


def _edit_url(world, kind, section):
    pk = world.element(kind).pk
    if section is None:
        return world.url("edit", kind=kind.key, pk=pk)
    return world.url("edit-section", kind=kind.key, pk=pk, section=section.key)


def _create_form(world, kind, data):
    """The create form, shown filled in like the first existing element (so that a fuzzed POST gets past the
    required fields to the service and the database, where an unchecked value would do harm)."""
    from dossier.kinds import KINDS
    from dossier.models import Citation

    existing = world.element(kind)
    kwargs = {"dossier": world.dossier}
    if kind.model is Citation:  # as the create view gives it: the element and what a citation may be about
        kwargs["target"] = existing.target
        kwargs["citable"] = [k.model for k in KINDS.values()]
    if data is not None:
        return kind.form(data, **kwargs)
    initial = model_to_dict(existing)
    form = kind.form(initial=initial, **kwargs)
    for name, form_field in form.fields.items():
        if isinstance(form_field, forms.ModelChoiceField) and not form[name].value():
            first = form_field.queryset.first()
            form.initial[name] = first.pk if first else None
    return form


def _other_targets() -> list[Target]:
    from documents.forms import CorrectionForm, DecisionForm
    from documents.views.versions import FreezeForm
    from dossier.forms import BaselineForm, BaselineUploadForm
    from dossier.models import PopulationBaseline, ResearchArea, Risk
    from scenarios.forms import WeightsForm
    from scenarios.models import AreaWeight
    from werkgroep.forms import (
        AdviceForm,
        AdviceRequestForm,
        CommentForm,
        EmailSettingsForm,
        ReviseForm,
        RouteRolesForm,
        RouteTemplateForm,
        StatusForm,
        StepCompleteForm,
        StepSkipForm,
    )

    def risk_anchor(w):
        risk = Risk.objects.filter(dossier=w.dossier).order_by("pk").first()
        return w.url("anchor-threads", kind="risico", pk=risk.pk)

    def weights_form(w, data):
        areas = ResearchArea.objects.filter(dossier=w.dossier).order_by("number")
        weights = {a.area_id: a for a in AreaWeight.objects.filter(dossier=w.dossier)}
        return WeightsForm(data, areas=areas, weights=weights)

    def baseline_form(w, data):
        baseline = PopulationBaseline.objects.get(dossier=w.dossier)
        return BaselineForm(data, instance=baseline, dossier=w.dossier)

    def risk_filters(w, data):
        from dossier.overviews import RiskFilterForm

        owners = Risk.objects.filter(dossier=w.dossier).values_list("owner", flat=True)
        return RiskFilterForm(data or {}, owners=sorted(set(owners)))

    def history_filters(w, data):
        from dossier.views.history import HistoryFilterForm

        return HistoryFilterForm(data or {}, dossier=w.dossier)

    return [
        Target(
            "risk-filters",
            _form_class("dossier.overviews", "RiskFilterForm"),
            "college",
            url=lambda w: w.url("risks"),
            build=risk_filters,
            method="get",
        ),
        Target(
            "history-filters",
            _form_class("dossier.views.history", "HistoryFilterForm"),
            "college",
            url=lambda w: w.url("history"),
            build=history_filters,
            method="get",
        ),
        Target("thread-open", CommentForm, "werkgroep", url=risk_anchor, build=lambda w, d: CommentForm(d)),
        Target(
            "thread-reply",
            CommentForm,
            "werkgroep",
            url=lambda w: w.url("thread-reply", pk=w.thread_pk),
            build=lambda w, d: CommentForm(d),
        ),
        Target(
            "comment-edit",
            CommentForm,
            "werkgroep",
            url=lambda w: w.url("comment-edit", pk=w.comment_pk),
            build=lambda w, d: CommentForm(d, initial={"text": "Een vraag"}),
        ),
        Target(
            "thread-status",
            StatusForm,
            "kwartiermaker",
            url=lambda w: w.url("thread-status", pk=w.thread_pk),
            build=lambda w, d: StatusForm(d, thread=w.thread),
        ),
        Target(
            "advice-request",
            AdviceRequestForm,
            "kwartiermaker",
            url=lambda w: w.url("advice-request"),
            build=lambda w, d: AdviceRequestForm(d),
        ),
        Target(
            "advice-give",
            AdviceForm,
            "werkgroep",
            url=lambda w: w.url("advice-give", number=w.round_number),
            build=lambda w, d: AdviceForm(d, dossier=w.dossier, discipline=w.memberships["werkgroep"].discipline),
        ),
        Target(
            "notification-settings",
            EmailSettingsForm,
            "werkgroep",
            url=lambda w: reverse("notification-settings"),
            build=lambda w, d: EmailSettingsForm(d),
        ),
        Target(
            "route-set-up",
            RouteTemplateForm,
            "kwartiermaker",
            url=lambda w: w.url("route-set-up"),
            build=lambda w, d: RouteTemplateForm(d, gemeente=w.dossier.gemeente),
        ),
        Target(
            "route-roles",
            RouteRolesForm,
            "kwartiermaker",
            url=lambda w: w.url("route-roles", pk=w.extra["member_pk"]),
            build=lambda w, d: RouteRolesForm(d, member_id=w.extra["member_pk"]),
        ),
        Target(
            "route-step-complete",
            StepCompleteForm,
            "werkgroep",
            url=lambda w: w.url("route-step-complete", pk=w.extra["step_pk"]),
            build=lambda w, d: StepCompleteForm(d, step_id=w.extra["step_pk"]),
        ),
        Target(
            "route-step-skip",
            StepSkipForm,
            "kwartiermaker",
            url=lambda w: w.url("route-step-skip", pk=w.extra["step_pk"]),
            build=lambda w, d: StepSkipForm(d, step_id=w.extra["step_pk"]),
        ),
        Target(
            "advice-revise",
            ReviseForm,
            "werkgroep",
            url=lambda w: w.url("advice-revise", pk=w.extra["review_pk"]),
            build=lambda w, d: ReviseForm(d, review_id=w.extra["review_pk"]),
        ),
        Target(
            "version-freeze",
            FreezeForm,
            "kwartiermaker",
            url=lambda w: w.url("versions"),
            build=lambda w, d: FreezeForm(d),
        ),
        Target(
            "decision-record",
            DecisionForm,
            "bestuurssecretariaat",
            url=lambda w: w.url("decision-record", number=w.extra["decided_version"]),
            build=lambda w, d: DecisionForm(d),
        ),
        Target(
            "decision-correct",
            CorrectionForm,
            "bestuurssecretariaat",
            url=lambda w: w.url("decision-correct", number=w.extra["decided_version"], pk=w.extra["decision"]),
            build=lambda w, d: CorrectionForm(d),
        ),
        Target("weights", WeightsForm, "kwartiermaker", url=lambda w: w.url("weights"), build=weights_form),
        Target(
            "projection-preview",
            BaselineForm,
            "kwartiermaker",
            url=lambda w: w.url("finance-projection"),
            build=baseline_form,
        ),
        Target(
            "projection-save",
            BaselineForm,
            "kwartiermaker",
            url=lambda w: w.url("finance-projection"),
            build=baseline_form,
            extra=lambda w: {"opslaan": "1"},
        ),
        Target(
            "projection-upload",
            BaselineUploadForm,
            "kwartiermaker",
            url=lambda w: w.url("finance-projection-upload"),
            build=lambda w, data: BaselineUploadForm(data, baseline=PopulationBaseline.objects.get(dossier=w.dossier)),
        ),
    ]


def _form_class(module: str, name: str) -> type:
    import importlib

    return getattr(importlib.import_module(module), name)


def targets() -> list[Target]:
    return _kind_targets() + _other_targets()
