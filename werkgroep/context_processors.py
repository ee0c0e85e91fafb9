"""Template context of the werkgroep on every page: the user's unread notifications (the bell in the header) and
the counter of the elements' comments."""

from .notifications import unread_count
from .selectors import comment_counter


def notifications(request):
    user = getattr(request, "user", None)
    # A callable: counted only when a page shows it (once per page, through {% with %}).
    return {
        "unread_notifications": (lambda: unread_count(user)) if user is not None and user.is_authenticated else 0,
        # Counts nothing until an element's "Reacties (n)" asks: one query for the page, whatever it shows.
        "comment_counter": comment_counter(request),
    }
