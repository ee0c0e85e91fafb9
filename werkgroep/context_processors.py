"""Template context of the werkgroep on every page: the user's unread notifications (the bell in the header)."""

from .notifications import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    # A callable: counted only when a page shows it (once per page, through {% with %}).
    return {"unread_notifications": (lambda: unread_count(user)) if user is not None and user.is_authenticated else 0}
