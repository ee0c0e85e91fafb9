"""Domain errors raised by services; views turn them into Dutch messages."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the write; `message` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ConflictError(DomainError):
    """Somebody else saved the object after the form was opened: nothing was written."""

    def __init__(self, current):
        super().__init__(
            _(
                "Someone else changed this in the meantime. Your input is kept below; compare it with the "
                "saved version and save again to overwrite it."
            )
        )
        self.current = current
