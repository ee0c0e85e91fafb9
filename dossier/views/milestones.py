"""The one write a closed dossier still takes: the kwartiermaker sets a milestone's status, so the implementation
(the plan van aanpak, the new agreement) stays trackable after the college's decision."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import closing
from ..access import member_required
from ..errors import DomainError
from ..models import Milestone


@require_POST
@member_required()
def milestone_status(request, dossier, pk):
    milestone = get_object_or_404(Milestone, dossier=dossier, pk=pk)
    try:
        closing.milestone_track(
            membership=request.membership, milestone=milestone, status=request.POST.get("status", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The status of “%(title)s” has been saved.") % {"title": milestone.title})
    return redirect(reverse("dossier:planning", kwargs={"slug": dossier.slug}) + f"#mijlpaal-{milestone.pk}")
