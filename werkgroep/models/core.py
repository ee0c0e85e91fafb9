"""The werkgroep's work in the dossier: comment threads anchored to elements, advice rounds and notifications.

A thread is anchored through a generic relation, so any element (any registered kind, a tariff set, a parameter)
can carry comments; `anchor_kind` (the stable name of the element's type: its model's label, e.g. "dossier.risk")
and `anchor_label` keep what it was about when the element itself is gone.
Nothing here is ever deleted: a comment is withdrawn, an edit keeps the previous text, advice is locked.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import Discipline, Dossier, Role

COMMENT_MAX_LENGTH = 5_000


class Thread(models.Model):
    """A discussion about one element (optionally one part of it), with a status the kwartiermaker sets."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        VERWERKT = "verwerkt", _("Verwerkt")
        NIET_OVERGENOMEN = "niet_overgenomen", _("Niet overgenomen")
        VERVALLEN = "vervallen", _("Vervallen")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="threads", verbose_name=_("dossier"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("element type"))
    object_id = models.PositiveBigIntegerField(_("element id"))
    anchor = GenericForeignKey("content_type", "object_id")
    anchor_kind = models.CharField(_("element kind"), max_length=40)
    part = models.CharField(_("part"), max_length=60, blank=True)
    anchor_label = models.CharField(_("element"), max_length=300)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    status_note = models.TextField(_("status note"), blank=True)
    # The dossier version the change went into; an FK to the frozen version once versions exist.
    in_version = models.PositiveIntegerField(_("in version"), null=True, blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status set by"),
    )
    status_at = models.DateTimeField(_("status set at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(table_name="dossier_historicalthread")

    class Meta:
        db_table = "dossier_thread"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["opened_at", "id"]
        indexes = [
            models.Index(fields=["dossier", "content_type", "object_id"], name="thread_anchor"),
            models.Index(fields=["dossier", "status", "opened_at"], name="thread_status"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.anchor_label}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Comment(models.Model):
    """One contribution to a thread. The author's role and discipline are kept as they were when writing."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments", verbose_name=_("thread"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline, blank=True)
    text = models.TextField(_("text"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentions")
    )

    class Meta:
        db_table = "dossier_comment"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.author} ({self.created_at:%Y-%m-%d})"


class CommentRevision(models.Model):
    """The text a comment had before an edit: kept and shown, so an edit never rewrites what others read."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(_("text"))
    written_at = models.DateTimeField(_("written at"))
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        db_table = "dossier_commentrevision"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("earlier text")
        verbose_name_plural = _("earlier texts")
        ordering = ["written_at", "id"]

    def __str__(self):
        return f"{self.comment_id} ({self.written_at:%Y-%m-%d %H:%M})"


class AdviceRound(models.Model):
    """A request for the werkgroep's formal advice. Each round is about the dossier as it then stands;
    once frozen versions exist, a round belongs to one version (a new version asks for a new round)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="advice_rounds", verbose_name=_("dossier")
    )
    number = models.PositiveIntegerField(_("round"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    note = models.TextField(_("request"), blank=True, max_length=COMMENT_MAX_LENGTH)
    # The frozen version under review: the latest version when advice was requested (none before the first freeze).
    version = models.ForeignKey(
        "documents.DossierVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_rounds",
        verbose_name=_("version"),
    )

    class Meta:
        db_table = "dossier_adviceround"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("advice round")
        verbose_name_plural = _("advice rounds")
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="advice_round_number")]

    def __str__(self):
        return f"{self.dossier.slug} #{self.number}"


class Advice(models.Model):
    """One discipline's formal advice in one round; locked once given."""

    class Verdict(models.TextChoices):
        POSITIEF = "positief", _("Positief")
        KANTTEKENINGEN = "kanttekeningen", _("Positief met kanttekeningen")
        NEGATIEF = "negatief", _("Negatief")

    round = models.ForeignKey(AdviceRound, on_delete=models.CASCADE, related_name="advices", verbose_name=_("round"))
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline)
    verdict = models.CharField(_("advice"), max_length=20, choices=Verdict)
    text = models.TextField(_("explanation"), max_length=COMMENT_MAX_LENGTH)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("advisor")
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    threads = models.ManyToManyField(Thread, blank=True, related_name="advices", verbose_name=_("threads"))

    class Meta:
        db_table = "dossier_advice"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("advice")
        verbose_name_plural = _("advices")
        ordering = ["round", "discipline"]
        constraints = [models.UniqueConstraint(fields=["round", "discipline"], name="advice_once_per_discipline")]

    def __str__(self):
        return f"{self.get_discipline_display()}: {self.get_verdict_display()}"


class Notification(models.Model):
    """Something a user should see: a mention, a reply, a status change or a request for advice."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        REPLY = "reply", _("Reply")
        STATUS = "status", _("Status change")
        ADVICE_REQUEST = "advice_request", _("Request for advice")
        REMINDER = "reminder", _("Deadline reminder")
        ADVICE_OUTDATED = "advice_outdated", _("Advice outdated")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+", verbose_name=_("dossier"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    advice_round = models.ForeignKey(AdviceRound, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # A reminder of a route step; an advice outdated by a newer version (models.route, by label: it imports these).
    route_step = models.ForeignKey(
        "werkgroep.RouteStep", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    advice_review = models.ForeignKey(
        "werkgroep.AdviceReview", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # For a status change: the status it went to (the thread may have moved on since).
    status = models.CharField(_("status"), max_length=20, choices=Thread.Status, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out in a digest e-mail (only for users who chose a digest instead of one mail per event).
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)

    class Meta:
        db_table = "dossier_notification"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            # A comment notifies each person once, whatever happens to it afterwards (an edit, a second mention).
            models.UniqueConstraint(
                fields=["recipient", "comment"],
                condition=Q(comment__isnull=False),
                name="notification_once_per_comment",
            ),
            models.UniqueConstraint(
                fields=["recipient", "advice_round"],
                condition=Q(advice_round__isnull=False),
                name="notification_once_per_round",
            ),
            # The daily sweep may run twice on a day: a step's reminder is still sent once.
            models.UniqueConstraint(
                fields=["recipient", "route_step", "kind"],
                condition=Q(route_step__isnull=False),
                name="notification_once_per_step",
            ),
            models.UniqueConstraint(
                fields=["recipient", "advice_review"],
                condition=Q(advice_review__isnull=False),
                name="notification_once_per_review",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class NotificationSettings(models.Model):
    """A user's choices about notifications; without a row, e-mail is on, one mail per event."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("One e-mail per notification")
        DAILY = "daily", _("A daily digest")
        WEEKLY = "weekly", _("A weekly digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.BooleanField(_("also send notifications by e-mail"), default=True)
    frequency = models.CharField(
        _("how often e-mail is sent"), max_length=10, choices=Frequency, default=Frequency.IMMEDIATE
    )
    # The digest covers what came in after this moment (the last digest, or when the user chose a digest).
    digest_since = models.DateTimeField(_("digest covers notifications since"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        db_table = "dossier_notificationsettings"  # made in the dossier app, before the werkgroep had an app of its own
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user}: e-mail {'on' if self.email else 'off'}"
