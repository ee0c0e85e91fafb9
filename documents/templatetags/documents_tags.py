"""Template helpers of the documents shown on the dossier's own pages."""

from django import template

from ..selectors import decision_status

register = template.Library()


@register.inclusion_tag("documents/partials/status_card.html", takes_context=True)
def decision_card(context):
    """The overview's first card: where the beslisdocument stands, who prepares it and what this user can do."""
    dossier = context["dossier"]
    return {
        "dossier": dossier,
        "decision": decision_status(dossier=dossier),
        "can_edit": context.get("can_edit"),
        "membership": context.get("membership"),
    }
