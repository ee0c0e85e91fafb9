"""The werkgroep's screens: the threads of an element (in place with htmx, or as a page), one thread, the
overview with its export, the advice matrix, and the inbox. Every rule is checked by the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dossier import conflicts
from dossier.access import member_required
from dossier.errors import ConflictError
from dossier.forms import add_errors
from dossier.models import Discipline
from dossier.selectors import is_id
from finance.exports import xlsx_response

from . import anchors, exports, notifications, selectors, services
from .forms import CommentForm, EmailSettingsForm, StatusForm
from .models import NotificationSettings, Thread


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# ---------------------------------------------------------------------------------------------- threads


def _with_forms(request, threads, overrides=None) -> None:
    """Give each thread the forms this user may use on it (reply, status; edit on their own comments), with
    `overrides` (bound forms with errors) in place of the empty ones."""
    overrides = overrides or {}
    membership = request.membership
    for thread in threads:
        tid = thread.pk
        thread.reply_form = (
            overrides.get(("reply", tid)) or CommentForm(prefix_id=f"reply{tid}") if membership.can_comment else None
        )
        thread.status_form = (
            overrides.get(("status", tid)) or StatusForm(thread=thread) if membership.can_edit else None
        )
        for comment in thread.comments.all():
            own = comment.author_id == request.user.pk and membership.can_comment
            refused = overrides.get(("edit", comment.pk))  # shown even when the thread closed meanwhile: no lost text
            comment.edit_form = refused or (
                CommentForm(initial={"text": comment.text}, prefix_id=f"edit{comment.pk}")
                if own and thread.is_open and comment.withdrawn_at is None
                else None
            )


def _anchor_context(request, dossier, anchor, *, new_form=None):
    threads = selectors.anchor_threads(dossier=dossier, anchor=anchor)
    _with_forms(request, threads)
    can_comment = request.membership.can_comment
    return {
        "anchor": anchor,
        "page_url": anchors.page_url(dossier, anchor.obj, anchor.part),
        "threads": threads,
        "new_form": new_form or (CommentForm(prefix_id=anchor.html_id) if can_comment else None),
        "next_url": request.get_full_path(),
    }


@require_http_methods(["GET", "POST"])
@member_required()
def anchor_threads(request, dossier, kind, pk, part=""):
    """The threads about one element: a page, or with htmx the panel that opens under the element."""
    anchor = anchors.resolve(dossier, kind, pk, part)
    if request.method == "POST":
        form = CommentForm(request.POST, prefix_id=anchor.html_id)
        if form.is_valid():
            try:
                thread = services.thread_open(
                    membership=request.membership, anchor=anchor, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if request.htmx:
                    ctx = _anchor_context(request, dossier, anchor)
                    ctx["announce"] = _("Your comment has been placed.")
                    return render(request, "werkgroep/anchor.html#panel", ctx)
                messages.success(request, _("Your comment has been placed."))
                return redirect(f"{anchor.url(dossier)}#draad-{thread.pk}")
        elif not request.membership.can_comment:
            raise PermissionDenied
        ctx = _anchor_context(request, dossier, anchor, new_form=form)
        if request.htmx:
            return render(request, "werkgroep/anchor.html#panel", ctx)
        return render(request, "werkgroep/anchor.html", ctx, status=400)
    template = "werkgroep/anchor.html#panel" if request.htmx else "werkgroep/anchor.html"
    return render(request, template, _anchor_context(request, dossier, anchor))


def _thread_response(request, dossier, thread_pk, *, forms=None, status=200, announce="", error=""):
    """One thread: with htmx the fragment that replaces it in place, else its page."""
    thread = selectors.thread(dossier=dossier, pk=thread_pk)
    _with_forms(request, [thread], forms or {})
    ctx = {
        "thread": thread,
        "thread_announce": announce,
        "hl": 2 if request.POST.get("hl") == "2" else 3,  # the heading level of the page the thread is on
        "thread_error": error,
        "next_url": request.POST.get("next") or request.get_full_path(),
    }
    selectors.with_anchors([thread])
    if request.htmx:
        if announce:  # the element's comment link shows the new counts (out of band)
            ctx["thread_anchor"] = thread.anchor_now
        status_now = conflicts.STATUS if status == conflicts.STATUS else 200  # htmx swaps a conflict too
        return render(request, "werkgroep/partials/thread.html", ctx, status=status_now)
    if thread.anchor_now is not None:
        ctx["page_url"] = anchors.page_url(dossier, thread.anchor_now.obj, thread.part)
        ctx["anchor_url"] = thread.anchor_now.url(dossier)
    return render(request, "werkgroep/thread.html", ctx, status=status)


@require_GET
@member_required()
def thread_page(request, dossier, pk):
    return _thread_response(request, dossier, pk)


def _done(request, dossier, thread_pk, message):
    if request.htmx:
        return _thread_response(request, dossier, thread_pk, announce=message)
    messages.success(request, message)
    default = reverse("dossier:thread", kwargs={"slug": dossier.slug, "pk": thread_pk})
    return redirect(f"{_back(request, default)}#draad-{thread_pk}")


@require_POST
@member_required()
def thread_reply(request, dossier, pk):
    thread = get_object_or_404(Thread, dossier=dossier, pk=pk)
    if not request.membership.can_comment:
        raise PermissionDenied
    form = CommentForm(request.POST, prefix_id=f"reply{pk}")
    if form.is_valid():
        try:
            services.comment_reply(membership=request.membership, thread=thread, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _done(request, dossier, pk, _("Your reply has been placed."))
    return _thread_response(request, dossier, pk, forms={("reply", pk): form}, status=400)


@require_POST
@member_required()
def thread_status(request, dossier, pk):
    thread = get_object_or_404(Thread, dossier=dossier, pk=pk)
    if not request.membership.can_edit:
        raise PermissionDenied
    form = StatusForm(request.POST, thread=thread)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.thread_set_status(
                membership=request.membership,
                thread=thread,
                status=data["status"],
                note=data["note"],
                in_version=data["in_version"],
                expected_version=data["expected_version"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except ConflictError as exc:  # the input kept, the thread's status now beside it; saving again overwrites
            conflicts.conflict(
                form, exc, fields={"status": "status", "note": "status_note", "in_version": "in_version"}
            )
            form.show_every_status()
            status = conflicts.STATUS
        else:
            return _done(
                request, dossier, pk, _("The thread is now “%(status)s”.") % {"status": updated.get_status_display()}
            )
    return _thread_response(request, dossier, pk, forms={("status", pk): form}, status=status)


@require_POST
@member_required()
def comment_edit(request, dossier, pk):
    comment = selectors.comment(dossier=dossier, pk=pk)
    if comment.author_id != request.user.pk or not request.membership.can_comment:
        raise PermissionDenied
    form = CommentForm(request.POST, prefix_id=f"edit{pk}")
    if form.is_valid():
        try:
            services.comment_edit(membership=request.membership, comment=comment, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _done(request, dossier, comment.thread_id, _("Your comment has been changed."))
    return _thread_response(request, dossier, comment.thread_id, forms={("edit", pk): form}, status=400)


@require_POST
@member_required()
def comment_withdraw(request, dossier, pk):
    comment = selectors.comment(dossier=dossier, pk=pk)
    if comment.author_id != request.user.pk or not request.membership.can_comment:
        raise PermissionDenied
    try:
        services.comment_withdraw(membership=request.membership, comment=comment)
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse("dossier:thread", kwargs={"slug": dossier.slug, "pk": comment.thread_id}))
        return _thread_response(request, dossier, comment.thread_id, error=" ".join(exc.messages))
    return _done(request, dossier, comment.thread_id, _("Your comment has been withdrawn."))


@require_GET
@member_required()
def members(request, dossier):
    """The dossier's members for @mention autocompletion (only to members of the dossier)."""
    return JsonResponse(
        {
            "members": [
                {
                    "username": m.user.username,
                    "name": m.user.get_full_name() or m.user.username,
                    "role": str(m.get_discipline_display() or m.get_role_display()),
                }
                for m in selectors.members(dossier=dossier)
            ]
        }
    )


# ---------------------------------------------------------------------------------------------- overview


@require_GET
@member_required()
def overview(request, dossier):
    filters = selectors.Filters.from_query(request.GET)
    queryset = selectors.overview(dossier=dossier, filters=filters)
    fmt = request.GET.get("formaat")
    if fmt in ("xlsx", "csv"):
        table = exports.threads_table(dossier=dossier, threads=queryset)
        name = f"reacties-{dossier.slug}"
        if fmt == "xlsx":
            return xlsx_response([table], "Reacties", name)
        response = HttpResponse(exports.to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    page = Paginator(queryset, 50).get_page(request.GET.get("pagina"))
    selectors.with_anchors(page.object_list)
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formaat", None)
    return render(
        request,
        "werkgroep/overview.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "status_counts": selectors.status_counts(dossier=dossier),
            "statuses": Thread.Status.choices,
            "disciplines": Discipline.choices,
            "kinds": sorted(((t.key, str(t.label)) for t in anchors.anchor_types().values()), key=lambda kv: kv[1]),
            "openers": selectors.openers(dossier=dossier),
        },
    )


# ---------------------------------------------------------------------------------------------- inbox


@require_GET
def inbox(request):
    page = Paginator(selectors.inbox(user=request.user), 50).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "steps": list(selectors.open_steps(user=request.user)[:100]),
        "outdated": list(selectors.outdated_advice(user=request.user)),
        "today": timezone.localdate(),
    }
    return render(request, "werkgroep/inbox.html", context)


@require_GET
def notification_open(request, pk):
    """Follow a notification: it is marked read and the user goes to its thread or the advice matrix."""
    notification = get_object_or_404(notifications.visible(request.user).select_related("dossier"), pk=pk)
    notifications.mark_read(user=request.user, ids=[notification.pk])
    return redirect(notifications.target_url(notification))


@require_POST
def notifications_read(request):
    raw = request.POST.getlist("id")
    ids = [int(v) for v in raw if is_id(v)] if raw else None
    count = notifications.mark_read(user=request.user, ids=ids)
    if ids is None:
        messages.success(request, _("All notifications are marked as read."))
    elif count:
        messages.success(request, _("The notification is marked as read."))
    return redirect("notifications")


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    current = NotificationSettings.objects.filter(user=request.user).first()
    initial = {
        "email": current.email if current else True,
        "frequency": current.frequency if current else NotificationSettings.Frequency.IMMEDIATE,
    }
    form = (
        EmailSettingsForm(request.POST, initial=initial)
        if request.method == "POST"
        else EmailSettingsForm(initial=initial)
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        frequency = data["frequency"] or initial["frequency"]
        notifications.set_email(user=request.user, enabled=data["email"], frequency=frequency)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notification-settings")
    status = 400 if form.is_bound else 200
    return render(
        request, "werkgroep/settings.html", {"form": form, "has_email": bool(request.user.email)}, status=status
    )
