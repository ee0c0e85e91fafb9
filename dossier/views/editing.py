"""Generic in-place editing of dossier content: create, edit (whole or one section), delete, undo.

With htmx the views answer with the fragment to swap; without JavaScript they render a plain page and
redirect back after a save, so every edit works both ways.
"""

import copy
from dataclasses import replace

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from .. import conflicts, history, selectors, services
from ..access import member_required
from ..errors import ConflictError, DomainError
from ..forms import add_errors
from ..kinds import KINDS, element_url, kind_for_model
from ..models import Citation, Dossier
from ..templatetags.undo_tags import MESSAGES, feedback, stap_query


def _kind(key):
    kind = KINDS.get(key)
    if kind is None:
        raise Http404("Unknown kind")
    return kind


def _element(kind, dossier, pk):
    if kind.model is Dossier:
        if pk != dossier.pk:
            raise Http404
        return dossier
    # With what it hangs under: the saved row names it (a tariff reads "Larcom: …").
    elements = kind.model.objects.select_related(kind.parent_field) if kind.parent_field else kind.model.objects
    return get_object_or_404(elements, dossier=dossier, pk=pk)


def _context(request, dossier, kind, obj, section=None, parent=None, **extra):
    if obj is not None and obj.pk:
        selectors.attach_citations([obj])
    element_id = f"{kind.key}-{obj.pk}" if obj is not None and obj.pk else kind.scoped_id("new", parent)
    if section is not None:
        element_id += f"-{section.key}"
    return {
        "dossier": dossier,
        "kind": kind,
        "obj": obj,
        "section": section,
        "element_id": element_id,
        "page_url": element_url(dossier, obj) if obj is not None and obj.pk else kind.page_url(dossier, parent=parent),
        "parent": parent,
        **extra,
    }


def _form_response(request, ctx, status=200):
    if request.htmx:
        # A form with errors is swapped in like any form (200): django-htmx's debug handler would replace the
        # whole page on a 400. A conflict (409) is swapped too, see the htmx-config meta tag in base.html.
        status = conflicts.STATUS if status == conflicts.STATUS else 200
        return render(request, "dossier/partials/edit_form.html", ctx, status=status)
    return render(request, "dossier/edit.html", ctx, status=status)


def _saved_response(request, dossier, kind, obj, section, created=False, events=None):
    in_place = section is not None or bool(kind.template)  # the element's page shows it with its note
    if not request.htmx or not in_place or (created and kind.reload_on_create):
        if request.htmx:  # an element with a page of its own: go there
            messages.success(request, _("Saved."))
            return HttpResponse(headers={"HX-Redirect": element_url(dossier, obj)})
        if in_place and not created:  # back where the person was, with the note and its undo beside the element
            eid = _element_id(kind, obj, section)
            return redirect(element_url(dossier, obj).split("#")[0] + stap_query("opgeslagen", eid))
        messages.success(request, _("Saved."))
        return redirect(element_url(dossier, obj))
    record = services.written_record(obj)
    parent = getattr(obj, kind.parent_field) if created and kind.parent_field else None  # created.html's list
    eid = _element_id(kind, obj, section)
    done = services.Step(record.history_id, record.history_type)
    note = feedback(dossier, kind.model, eid, "opgeslagen", done=done)
    ctx = _context(request, dossier, kind, obj, section, parent=parent, feedback=note, created=created)
    if section is not None:
        response = render(request, "dossier/partials/section.html", ctx)
    elif created:
        response = render(request, "dossier/partials/created.html", ctx)
    else:
        response = render(request, kind.partial, ctx)
    return _with_events(request, kind, response, events, ctx["element_id"])


def _before_write(request, dossier, kind, element, *, stored=None):
    """What else on the page depends on the element, read before the write (a scenario's result): Kind.events,
    given for an edit of `element` the element as stored (else the write is a new element under it, a deletion
    or a restore)."""
    return kind.events(dossier, element, stored=stored) if kind.events is not None and request.htmx else None


def _with_events(request, kind, response, events=None, element_id=""):
    """Tell the page what the write changed, as htmx events: `<kind>-changed` (an overview of that kind refreshes
    itself) and the kind's own (a scenario's result, with its figures from before the write)."""
    if request.htmx:
        trigger_client_event(response, f"{kind.key}-changed")
    for name, detail in (events(element_id) if events is not None else {}).items():
        trigger_client_event(response, name, detail, after="settle")
    return response


@require_http_methods(["GET", "POST"])
@member_required(edit=True)
def element_create(request, dossier, kind):
    return create_element(request, dossier, _kind(kind), services.content_create)


def create_element(request, dossier, kind, save):
    """Create an element of `kind` in place (htmx) or on a page of its own: its form, then `save(model=, dossier=,
    data=, user=)`, the app's own service, with the form re-rendered beside the errors when it refuses. The generic
    view saves with content_create; an app whose elements need more (a scenario gets a provider for every service)
    serves its own URL with its own service through this."""
    if not kind.creatable:
        raise Http404
    target = _citation_target(request, dossier) if kind.key == "bronvermelding" else None
    parent = _parent(request, dossier, kind)
    form_kwargs = {"dossier": dossier, "author": request.membership.role_label}
    if target is not None:
        form_kwargs["target"] = target
        form_kwargs["citable"] = [k.model for k in KINDS.values()]  # what a new citation may be about
    if request.method == "POST":
        form = kind.form(request.POST, **form_kwargs)
        if form.is_valid():
            events = _before_write(request, dossier, kind, parent)
            try:
                obj = save(model=kind.model, dossier=dossier, data=form.data_for_service, user=request.user)
            except ValidationError as exc:
                add_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return _saved_response(request, dossier, kind, obj, None, created=True, events=events)
        ctx = _context(request, dossier, kind, None, parent=parent, form=form, action=request.path, target=target)
        return _form_response(request, ctx, 400)
    form = kind.form(initial=request.GET.dict(), **form_kwargs)
    ctx = _context(
        request, dossier, kind, None, parent=parent, form=form, action=request.get_full_path(), target=target
    )
    return _form_response(request, ctx)


def _parent(request, dossier, kind):
    """The element a new element is created under (a toets under its function), if the request names one."""
    if not kind.parent_field:
        return None
    raw = (request.POST if request.method == "POST" else request.GET).get(kind.parent_field, "")
    model = kind.model._meta.get_field(kind.parent_field).related_model
    return model.objects.filter(dossier=dossier, pk=int(raw)).first() if selectors.is_id(raw) else None


def _citation_target(request, dossier):
    data = request.POST if request.method == "POST" else request.GET
    try:
        content_type = ContentType.objects.get(pk=int(data.get("content_type", "")))
        kind = kind_for_model(content_type.model_class())
        if kind is None or kind.model is Citation:
            raise ObjectDoesNotExist
        target = content_type.model_class()._default_manager.get(pk=int(data.get("object_id", "")))
    except (ValueError, ObjectDoesNotExist):
        raise Http404("Unknown element") from None
    if target.get_dossier() != dossier:
        raise Http404("Unknown element")
    return target


@require_http_methods(["GET", "POST"])
@member_required(edit=True)
def element_edit(request, dossier, kind, pk, section=None):
    kind = _kind(kind)
    if kind.form is None:  # edited on a page of its own (e.g. the weights, which must add up together)
        raise Http404
    obj = _element(kind, dossier, pk)
    sec = kind.section(section)
    if (section is not None and sec is None) or (kind.sections and sec is None):
        raise Http404("Unknown section")
    form_kwargs = {
        "instance": obj,
        "dossier": dossier,
        "fields": sec.fields if sec else None,
        "author": request.membership.role_label,
    }
    status = 400
    if request.method == "POST":
        stored = copy.copy(obj)  # as read: validating the form puts the new values on `obj`
        form = kind.form(request.POST, **form_kwargs)
        if form.is_valid():
            events = _before_write(request, dossier, kind, obj, stored=stored)
            try:
                obj = services.content_update(
                    instance=obj,
                    data=form.data_for_service,
                    user=request.user,
                    expected_version=form.cleaned_data.get("expected_version"),
                )
            except ConflictError as exc:
                conflicts.conflict(form, exc)
                status = conflicts.STATUS
            except ValidationError as exc:
                add_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return _saved_response(request, dossier, kind, obj, sec, events=events)
        ctx = _context(request, dossier, kind, obj, sec, form=form, action=request.path)
        return _form_response(request, ctx, status)
    form = kind.form(**form_kwargs)
    return _form_response(request, _context(request, dossier, kind, obj, sec, form=form, action=request.path))


@require_http_methods(["GET", "POST"])
@member_required(edit=True)
def element_delete(request, dossier, kind, pk):
    """Asks first (in place with htmx, else on a page of its own); after deleting, the element's place says so and
    offers Undo, which returns to the page the user deleted it on."""
    kind = _kind(kind)
    if not kind.deletable:
        raise Http404
    obj = _element(kind, dossier, pk)
    ctx = _context(request, dossier, kind, obj)
    ctx["page_url"] = back = _page_of_request(request, dossier) or ctx["page_url"]
    if request.method == "GET":
        template = "dossier/partials/confirm_delete.html" if request.htmx else "dossier/confirm_delete.html"
        return render(request, template, ctx)
    events = _before_write(request, dossier, kind, obj)
    try:
        services.content_delete(instance=obj, user=request.user)
    except DomainError as exc:
        if request.htmx:  # keep the element on the page; show why in the page's message area
            response = render(request, "dossier/partials/message.html", {"message": exc.message, "level": "error"})
            response["HX-Retarget"], response["HX-Reswap"] = "#flash", "innerHTML"
            return response
        messages.error(request, exc.message)
        return redirect(back)
    if request.htmx:
        record = services.written_record(obj)
        done = services.Step(record.history_id, record.history_type)
        note = feedback(dossier, kind.model, ctx["element_id"], "opgeslagen", done=done)
        response = render(request, "dossier/partials/deleted.html", {**ctx, "feedback": replace(note, message="")})
        return _with_events(request, kind, response, events, ctx["element_id"])
    messages.success(request, _("Deleted. You can undo this in the history."))
    return redirect(back.split("#")[0])


def _page_of_request(request, dossier) -> str:
    """The page of this dossier the user acts from: the `next` it names, or the page htmx sends from; "" if none."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if not candidate and request.htmx:
        candidate = request.htmx.current_url_abs_path or ""
    page_root = reverse("dossier:overview", kwargs={"slug": dossier.slug})
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}) or not candidate.startswith(
        page_root
    ):
        return ""
    return candidate


@require_POST
@member_required(edit=True)
def change_undo(request, dossier, model, history_id):
    """Step an element back: undo its newest change that is not undone yet (the one the button names)."""
    return _step(request, dossier, model, history_id, redo=False)


@require_POST
@member_required(edit=True)
def change_redo(request, dossier, model, history_id):
    """Re-apply the change undone last, if nothing changed since."""
    return _step(request, dossier, model, history_id, redo=True)


def _step(request, dossier, model, history_id, *, redo):
    """With htmx the element comes back in place with its note (undo again, redo) and the step is announced; without
    JavaScript the person returns to the page and element they came from, with the same note."""
    record = history.history_record(dossier=dossier, model_name=model, history_id=history_id)
    if not selectors.is_undoable(record.instance_type, record, None):  # next-step check: the service, under lock
        raise Http404  # kinds without a form of their own (weights) change only together, on their page
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    kind = kind_for_model(record.instance_type)
    events = _before_write(request, dossier, kind, _current_or(record))
    try:
        obj = (services.change_redo if redo else services.change_undo)(record=record, user=request.user)
    except DomainError as exc:
        if request.htmx:  # the element stays as it is; why, in the page's message area
            response = render(request, "dossier/partials/message.html", {"message": exc.message, "level": "error"})
            response["HX-Retarget"], response["HX-Reswap"] = "#flash", "innerHTML"
            return response
        messages.error(request, exc.message)
        return redirect(back.split("#")[0] or reverse("dossier:history", kwargs={"slug": dossier.slug}))
    what = "opnieuw" if redo else "ongedaan"
    if request.htmx:
        return _stepped_in_place(request, dossier, record, obj, what, events)
    history_page = reverse("dossier:history", kwargs={"slug": dossier.slug})
    if obj is None or not back or back.startswith(history_page):
        messages.success(request, _("The change has been redone.") if redo else _("The change has been undone."))
        return redirect(back or history_page)
    path, _hash, anchor = back.partition("#")
    page, _sep, query = path.partition("?")  # the page as the person had it (its filters), with the step's note
    kept = [p for p in query.split("&") if p and not p.startswith("stap=")]
    note, _hash, anchor = stap_query(what, anchor).lstrip("?").partition("#")
    return redirect(f"{page}?{'&'.join([*kept, note])}#{anchor}")


def _current_or(record):
    """The element a history row belongs to as it is now, or as the row has it when it is deleted."""
    return record.instance_type._default_manager.filter(pk=record.id).first() or record.instance


def _stepped_in_place(request, dossier, record, obj, what, events=None):
    """The element (or its section) as it is now with its note, or the note where it was when the step removed it."""
    kind = kind_for_model(record.instance_type)
    section = kind.section(request.POST.get("sectie"))
    element = obj if obj is not None else record.instance
    if obj is not None and section is None and not kind.template:  # an element with a page of its own: go there
        messages.success(request, MESSAGES[what])
        return HttpResponse(headers={"HX-Redirect": element_url(dossier, obj)})
    steps = services.element_steps(kind.model, record.id)
    ctx = _context(request, dossier, kind, element, section)
    ctx["feedback"] = feedback(dossier, kind.model, ctx["element_id"], what, steps=steps, live=False)
    template = "dossier/partials/deleted.html" if obj is None else "dossier/partials/section.html" if section else None
    response = render(request, template or kind.partial, ctx)
    response.content += render_to_string(
        "dossier/partials/live.html", {"message": MESSAGES[what], "element": element}, request
    ).encode()
    return _with_events(request, kind, response, events, ctx["element_id"])


def _element_id(kind, obj, section=None) -> str:
    """The id of an element (or one of its sections) on its page: what an in-place answer replaces."""
    return f"{kind.key}-{obj.pk}-{section.key}" if section is not None else f"{kind.key}-{obj.pk}"
