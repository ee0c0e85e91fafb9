"""The note beside a saved, undone or redone element ("Opgeslagen." with *Ongedaan maken* and *Opnieuw*): what the
answer to an in-place write shows, and what a page shows beside the element a write without JavaScript came from
(`?stap=<what>:<element id>`, so the person lands where they were with the same buttons)."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dossier import services
from dossier.kinds import kind_for_model
from dossier.selectors import is_undoable

register = template.Library()

MESSAGES = {"opgeslagen": _("Saved."), "ongedaan": _("Undone."), "opnieuw": _("Redone.")}


@dataclass(frozen=True)
class Feedback:
    element_id: str  # the element (or section) the note belongs to
    message: str
    undo_url: str = ""
    redo_url: str = ""
    live: bool = True  # the note announces itself (role=status); an in-place undo or redo announces through #live


def step_url(dossier, model, step, what: str) -> str:
    name = "dossier:redo" if what == "redo" else "dossier:undo"
    return reverse(name, kwargs={"slug": dossier.slug, "model": model._meta.model_name, "history_id": step.history_id})


def feedback(dossier, model, element_id: str, what: str, *, done=None, steps=None, live=True) -> Feedback:
    """The note after `what` ("opgeslagen", "ongedaan", "opnieuw"). `done` is the change just saved or redone, which
    an undo takes back; after an undo the next step back is offered when it is an edit (removing the element is its
    Delete button's business), and after an undo or redo what can be redone."""
    undo = done if done is not None else steps.undo if steps is not None else None
    if what == "ongedaan" and (undo is None or undo.history_type != "~"):
        undo = None
    if undo is not None and not is_undoable(model, undo, None):  # the next step back by construction
        undo = None
    redo = steps.redo if steps is not None and what != "opgeslagen" else None
    if redo is not None and not is_undoable(model, redo, steps, redo=True):
        redo = None
    return Feedback(
        element_id,
        str(MESSAGES[what]),
        step_url(dossier, model, undo, "undo") if undo else "",
        step_url(dossier, model, redo, "redo") if redo else "",
        live,
    )


def stap_query(what: str, element_id: str) -> str:
    """Where a write without JavaScript sends the person back: the same page, this element's note, its anchor."""
    return f"?stap={what}:{element_id}#{element_id}"


@register.simple_tag(takes_context=True)
def step_feedback(context, element_id):
    """The note for the element `element_id`: the one the answer brought, or the one `?stap=` asks for."""
    given = context.get("feedback")
    if given is not None:
        return given if given.element_id == element_id else None
    request = context.get("request")
    what, _sep, wanted = (request.GET.get("stap", "") if request is not None else "").partition(":")
    obj = context.get("obj")
    if what not in MESSAGES or wanted != element_id or obj is None or obj.pk is None:
        return None
    model = type(obj)
    if kind_for_model(model) is None:
        return None
    return feedback(context["dossier"], model, element_id, what, steps=services.element_steps(model, obj.pk))


@register.simple_tag(takes_context=True)
def back_here(context, element_id):
    """The page and anchor a write without JavaScript returns to."""
    page = context.get("page_url") or context["request"].path
    return f"{page.split('#')[0]}#{element_id}"
