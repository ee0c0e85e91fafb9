"""The hostile world of the payload suite (tests/test_payloads.py): the texts written (a spreadsheet formula or a
script/file URL, a token naming the field, then as many HTML, htmx, template and resource payloads as fit), every
free-text field of the project's forms and of the beheer's admin forms, and writing a text into each of them through
the form and the service (or the view) as the app does."""

import re
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from documents.tests.test_documents import SSRF
from dossier import services
from dossier.kinds import KINDS
from dossier.models import Citation, Role
from dossier.tests.factories import MembershipFactory, UserFactory
from werkgroep import anchors, markup
from werkgroep.tests.helpers import anchor_url
from werkgroep.tests.test_werkgroep_security import FORMULAS, PAYLOADS

from . import project_forms

# A text starts with one of these: a spreadsheet formula, or a URL a link or a fetch could follow.
LEADS = list(
    dict.fromkeys(
        [
            '=HYPERLINK("http://evil")',
            "+cmd|' /C calc'!A0",
            "@SUM(1)",
            "-1+1",
            *FORMULAS,
            "javascript:alert(1)",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/passwd",
        ]
    )
)
# ... and goes on with as many of these as fit.
BODY = list(
    dict.fromkeys(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            '"><svg onload=alert(1)>',
            "'><svg onload=alert(1)>",
            "javascript:alert(1)",
            "[javascript:alert(1)](javascript:alert(1))",
            '<div hx-get="/x" hx-trigger="load">x</div>',
            '" hx-get="/x" hx-trigger="load" x="',
            '<button hx-on:click="alert(1)">x</button>',
            "' hx-on:click='alert(1)' x='",
            "{{ 7*7 }}",
            "{% debug %}",
            '<img src="file:///etc/passwd">',
            '<img src="http://169.254.169.254/latest/meta-data/">',
            '<link rel=attachment href="file:///etc/passwd">',
            "<style>@import url(http://169.254.169.254/)</style>",
            *(payload for payload, _ in PAYLOADS),
            *SSRF,
        ]
    )
)
TOKEN = "Q{:03d}Z"  # names the field in every text written to it: Q017Z…


def hostile_text(index: int, rotation: int, capacity: int, multiline: bool, unique: str = "") -> str:
    """The text for field `index` of the `rotation`-th element: a lead (cut short in a short field, so the token
    always fits), the token, then the payloads from a rotating start for as long as they fit whole."""
    head = f" {TOKEN.format(index)}{unique}"
    text = LEADS[(index + rotation) % len(LEADS)][: max(0, capacity - len(head))] + head
    separator = "\n" if multiline else " "
    start = (index + rotation) % len(BODY)
    for payload in BODY[start:] + BODY[:start]:
        if len(text) + len(separator) + len(payload) > capacity:
            break
        text += separator + payload
    return text[:capacity]


# ---------------------------------------------------------------------------------------------- text fields


@dataclass(frozen=True)
class TextField:
    form: type
    model: type | None
    name: str
    capacity: int
    multiline: bool
    admin: bool = False  # only the beheer fills it, in the admin

    @property
    def label(self) -> str:
        """The model field it fills (a form of the app and an admin form can fill the same one), else the form's."""
        if self.model is not None:
            return f"{self.model._meta.label}.{self.name}"
        return f"{self.form.__module__}.{self.form.__qualname__}.{self.name}"


def _capacity(form_field, model_field=None) -> int:
    from werkgroep.models import COMMENT_MAX_LENGTH

    limits = [n for n in (form_field.max_length, getattr(model_field, "max_length", None)) if n]
    return min(limits) if limits else COMMENT_MAX_LENGTH


def _model_field(model, name):
    from django.core.exceptions import FieldDoesNotExist

    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:  # a form-only field
        return None


def _free_text(form_field, model_field) -> bool:
    from django.core.validators import RegexValidator

    if not project_forms.is_free_text(form_field):
        return False
    # A model field with its own alphabet (a user name) refuses the text whatever the form field is.
    return not any(isinstance(v, RegexValidator) for v in getattr(model_field, "validators", ()))


# Project models whose admin texts no page shows: the selectielijst categories go only into the archive package's
# MDTO XML, whose own test fills them with hostile text (documents/tests/test_archive.py).
NOT_IN_PAGES = {"documents.ArchiveCategory"}


def admin_forms():
    """The beheer's admin forms of the project's models and of the users (whose names the app shows as authors), as
    the change page builds them. Other admin models (groups, login attempts) are never shown in the app."""
    request = RequestFactory().get("/beheer/")
    request.user = get_user_model()(is_superuser=True, is_staff=True)
    result = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in NOT_IN_PAGES:
            continue
        if model._meta.app_label in project_forms.PROJECT_PACKAGES or model is get_user_model():
            result.append((model, model_admin.get_form(request, model._default_manager.first(), change=True)))
    return result


def find_text_fields(world) -> list[TextField]:
    """Every free-text field of every form of the project (each as the view builds it) and of the admin."""
    found = {}
    forms_found = [(t.build(world, None), None, False) for t in project_forms.targets()]
    forms_found += [(form_class(), model, True) for model, form_class in admin_forms()]
    for form, model, in_admin in forms_found:
        model = model or getattr(getattr(form, "_meta", None), "model", None)
        for name, form_field in form.fields.items():
            model_field = _model_field(model, name)
            if _free_text(form_field, model_field):
                multiline = type(form_field.widget).__name__ == "Textarea"
                text_model = model if model_field is not None else None
                capacity = _capacity(form_field, model_field)
                field = TextField(type(form), text_model, name, capacity, multiline, in_admin)
                found.setdefault(field.label, field)
    return [found[label] for label in sorted(found)]


# ---------------------------------------------------------------------------------------------- writing


@dataclass
class Injected:
    world: project_forms.World
    fields: list
    v1: object
    v2: object
    written: dict  # label -> how many texts were written to it


def _member_for_mentions(world, text):
    """A hostile text with @SUM or @import mentions users of that name; they exist as members, so the text is
    placed (the refusal of unknown mentions has its own test)."""
    for name in markup.find_mentions(text):
        if not world.dossier.memberships.filter(user__username=name).exists():
            MembershipFactory(dossier=world.dossier, user=UserFactory(username=name), role=Role.COLLEGE)


def _write_kinds(world, fields_by_form, written):
    """Every element of every kind, through its form (which must accept the text) and content_update."""
    from dossier.models import Dossier

    user = world.users["kwartiermaker"]
    for kind in KINDS.values():
        texts = fields_by_form.get(kind.form, [])
        if not texts:
            continue
        if kind.model is Dossier:
            queryset = Dossier.objects.filter(pk=world.dossier.pk)
        else:
            queryset = kind.model.objects.filter(dossier=world.dossier)
        for rotation, obj in enumerate(queryset.order_by("pk")):
            extra = {"target": obj.target} if kind.model is Citation else {}
            shown = kind.form(instance=obj, dossier=world.dossier, **extra)
            data = project_forms.post_data(shown)
            for index, field in texts:
                if field.name in shown.fields:
                    data[field.name] = hostile_text(index, rotation, field.capacity, field.multiline, f".{obj.pk}")
                    written[field.label] = written.get(field.label, 0) + 1
            form = kind.form(data, instance=obj, dossier=world.dossier, **extra)
            assert form.is_valid(), (kind.key, obj.pk, form.errors.as_json())
            services.content_update(instance=obj, data=form.data_for_service, user=user, expected_version=obj.version)


def _write_admin(world, fields, written):
    """What only the beheer edits (the users' names), saved as the admin's form would; the admin's dossier fields
    are the app's own, written through the app's form."""
    for model in {f.model for _, f in fields if f.admin}:
        texts = [(i, f) for i, f in fields if f.admin and f.model is model]
        assert model is get_user_model(), f"no writer for the admin's {model._meta.label}"
        members = model._default_manager.filter(memberships__dossier=world.dossier).order_by("pk")
        for rotation, obj in enumerate(members):
            for index, field in texts:
                setattr(obj, field.name, hostile_text(index, rotation, field.capacity, False))
                written[field.label] = written.get(field.label, 0) + 1
            obj.full_clean()
            obj.save()


def _post(client, user, address, data, expected=(302,)):
    client.force_login(user)
    response = client.post(address, data)
    errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', response.content.decode(), re.S)
    assert response.status_code in expected, (address, response.status_code, errors)
    return response


def _write_werkgroep(world, fields_by_form, written):
    """Comments on an element of every kind one can comment on (and on one part), a reply to each, an edited
    comment, status notes, an advice round with its request and an advice: through the views."""
    from werkgroep.forms import AdviceForm, AdviceRequestForm, CommentForm, StatusForm
    from werkgroep.models import Comment, Thread

    client = Client()
    dossier, users = world.dossier, world.users
    (comment_index, comment_field), *_ = fields_by_form[CommentForm]

    def comment(rotation):
        text = hostile_text(comment_index, rotation, comment_field.capacity, True)
        _member_for_mentions(world, text)
        written[comment_field.label] = written.get(comment_field.label, 0) + 1
        return text

    rotation = 0
    for atype in anchors.anchor_types().values():
        manager = atype.model._default_manager
        if atype.model is type(dossier):
            obj = dossier
        else:
            obj = (manager.filter(dossier=dossier) if atype.in_dossier else manager).order_by("pk").first()
        if obj is None:
            continue
        parts = [""] + list(anchors.parts(atype))[:1]
        for part in parts:
            rotation += 1
            _post(
                client,
                users["werkgroep"],
                anchor_url(dossier, obj, kind=atype.key, part=part),
                {"text": comment(rotation)},
            )
    threads = list(Thread.objects.filter(dossier=dossier).order_by("pk"))
    for thread in threads:
        rotation += 1
        url = world.url("thread-reply", pk=thread.pk)
        _post(client, users["kwartiermaker"], url, {"text": comment(rotation) + f" @{users['werkgroep'].username}"})
    own = Comment.objects.filter(thread__dossier=dossier, author=users["werkgroep"]).order_by("-pk").first()
    _post(client, users["werkgroep"], world.url("comment-edit", pk=own.pk), {"text": comment(rotation + 1)})

    (note_index, note_field), *_ = fields_by_form[StatusForm]
    for rotation, thread in enumerate(threads[1::2]):
        note = hostile_text(note_index, rotation, note_field.capacity, True)
        thread.refresh_from_db()
        data = {"status": "niet_overgenomen", "note": note, "expected_version": thread.version}
        if rotation % 2:
            data.update(status="verwerkt", in_version="1")
        _post(client, users["kwartiermaker"], world.url("thread-status", pk=thread.pk), data)
        written[note_field.label] = written.get(note_field.label, 0) + 1

    (request_index, request_field), *_ = fields_by_form[AdviceRequestForm]
    note = hostile_text(request_index, 0, request_field.capacity, True)
    _post(client, users["kwartiermaker"], world.url("advice-request"), {"note": note})
    written[request_field.label] = 1
    (advice_index, advice_field), *_ = fields_by_form[AdviceForm]
    text = hostile_text(advice_index, 0, advice_field.capacity, True)
    number = world.dossier.advice_rounds.order_by("-number").first().number
    data = {"verdict": "kanttekeningen", "text": text, "threads": [t.pk for t in threads[:2]]}
    _post(client, users["werkgroep"], world.url("advice-give", number=number), data)
    written[advice_field.label] = 1


def _write_route(world, fields_by_form, written):
    """The route of the world's version: every earlier mandatory step skipped with a reason, the afdelingshoofd's
    paraaf with a note, and the outdated advice revised: through the views."""
    from werkgroep.forms import ReviseForm, StepCompleteForm, StepSkipForm
    from werkgroep.models import RouteStep

    client, users = Client(), world.users
    paraaf = RouteStep.objects.get(pk=world.extra["step_pk"])
    (skip_index, skip_field), *_ = fields_by_form[StepSkipForm]
    earlier = RouteStep.objects.filter(route=paraaf.route, position__lt=paraaf.position, mandatory=True)
    for rotation, step in enumerate(earlier.order_by("position")):
        reason = hostile_text(skip_index, rotation, skip_field.capacity, True)
        _post(client, users["kwartiermaker"], world.url("route-step-skip", pk=step.pk), {"reason": reason})
        written[skip_field.label] = written.get(skip_field.label, 0) + 1
    (note_index, note_field), *_ = fields_by_form[StepCompleteForm]
    note = hostile_text(note_index, 0, note_field.capacity, True)
    _post(client, users["werkgroep"], world.url("route-step-complete", pk=paraaf.pk), {"note": note})
    written[note_field.label] = 1
    (text_index, text_field), *_ = fields_by_form[ReviseForm]
    text = hostile_text(text_index, 0, text_field.capacity, True)
    data = {"verdict": "negatief", "text": text}
    _post(client, users["werkgroep"], world.url("advice-revise", pk=world.extra["review_pk"]), data)
    written[text_field.label] = 1


def _freeze(world, fields_by_form, written):
    from documents.models import DossierVersion
    from documents.views.versions import FreezeForm

    (index, field), *_ = fields_by_form[FreezeForm]
    note = hostile_text(index, 0, field.capacity, True)
    _post(Client(), world.users["kwartiermaker"], world.url("versions"), {"status": "concept", "note": note})
    written[field.label] = 1
    return DossierVersion.objects.filter(dossier=world.dossier).order_by("-number").first()


def _decide(world, fields_by_form, written):
    """The bestuurssecretariaat's texts, through its forms on the version with the held decision (project_forms):
    a held and a gewijzigd decision, then corrections that end held again, so the dossier is open for the walk."""
    from django.utils import timezone

    from documents.forms import CorrectionForm, DecisionForm
    from documents.models import Decision

    user = world.users["bestuurssecretariaat"]
    number = world.extra["decided_version"]
    today = timezone.localdate().isoformat()

    def texts(form, rotation):
        values = {}
        for index, field in fields_by_form[form]:
            values[field.name] = hostile_text(index, rotation, field.capacity, field.multiline)
            written[field.label] = written.get(field.label, 0) + 1
        return values

    def current():
        return Decision.objects.filter(version__dossier=world.dossier, correction__isnull=True).latest("recorded_at")

    def post(name, data, **kwargs):
        _post(Client(), user, world.url(name, number=number, **kwargs), {"meeting_date": today, **data})

    record = texts(DecisionForm, 0)
    post("decision-record", {"outcome": "aangehouden", "reason": record["reason"], "besluitenlijst": "Aangehouden"})
    post("decision-record", {**record, "outcome": "gewijzigd", "reason": ""})
    correct = texts(CorrectionForm, 1)
    post("decision-correct", {**correct, "outcome": "aangehouden", "amended_beslispunten": ""}, pk=current().pk)
    post(
        "decision-correct",
        {**correct, "outcome": "gewijzigd", "reason": ""},
        pk=current().pk,
    )
    benign = {
        "outcome": "aangehouden",
        "reason": "Opnieuw",
        "besluitenlijst": "Aangehouden",
        "correction_note": "Terug",
    }
    post("decision-correct", benign, pk=current().pk)
