"""Template helpers of the werkgroep: the comment link of an element and rendered comment text."""

from django import template
from django.utils.html import format_html

from .. import markup
from ..anchors import Anchor, anchor_type_for
from ..selectors import comment_counter, werkgroep_summary

register = template.Library()


def _counter(context):
    """The rendering's comment counter (the werkgroep's context processor puts it in every RequestContext); a
    template rendered without one counts for itself."""
    counter = context.get("comment_counter")
    return counter if counter is not None else comment_counter(context.get("request"))


@register.inclusion_tag("werkgroep/partials/comment_link.html", takes_context=True)
def comments(context, obj, part="", oob=False):
    """ "Reacties (n)" for an element (or one part of it), opening its threads in place; one counting query per
    page, however many elements it shows."""
    request = context.get("request")
    dossier = getattr(request, "dossier", None)
    atype = anchor_type_for(obj) if obj is not None else None
    if dossier is None or atype is None or obj.pk is None:
        return {"anchor": None}
    anchor = Anchor(atype, obj, part)
    membership = getattr(request, "membership", None)
    return {
        "anchor": anchor,
        "counts": _counter(context).of(obj, part),
        "url": anchor.url(dossier),
        "can_comment": bool(membership and membership.can_comment),
        "oob": oob,
    }


@register.simple_tag(takes_context=True)
def has_comments(context, obj, part=""):
    """Whether an element (or one part of it) has comments or threads: a row shows its comment count beside its
    primary action then, and keeps "Comment" in its "More" menu otherwise. Counted as `comments` counts."""
    request = context.get("request")
    if getattr(request, "dossier", None) is None or anchor_type_for(obj) is None or obj.pk is None:
        return False
    counts = _counter(context).of(obj, part)
    return bool(counts.comments or counts.threads)


@register.simple_tag
def comments_panel(obj, part=""):
    """The empty place under an element where its threads open (beside the link `comments` renders)."""
    atype = anchor_type_for(obj) if obj is not None else None
    if atype is None or obj.pk is None:
        return ""
    return format_html('<div id="{}" class="thread-panel"></div>', Anchor(atype, obj, part).html_id)


@register.filter
def comment_html(comment):
    """A comment's text as safe HTML, its mentions highlighted."""
    return markup.render(comment.text, {u.username for u in comment.mentions.all()})


@register.filter
def markup_html(text):
    return markup.render(text)


@register.inclusion_tag("werkgroep/partials/summary_card.html")
def werkgroep_card(dossier):
    """The dossier dashboard's card of the werkgroep: open threads and where the current advice round stands."""
    return {"dossier": dossier, "summary": werkgroep_summary(dossier=dossier)}


@register.filter
def overdue(step, today) -> bool:
    """A route step still open after its deadline: *verlopen*."""
    return step.is_overdue(today)
