"""The advice and paraaf route: a gemeente's template, the route a dossier plans from it, and the copy each version
submitted ter advisering runs (a later change of the template or the plan never touches a running route).

A step is an advies, paraaf or accordering by an actor: a werkgroep discipline or a route role (afdelingshoofd,
controller, …; roles, never names: who acts as a role is a `RouteRoleAssignment` of a dossier member). An advies
step of a discipline is done by that discipline's advice on the version (the advice matrix); the others are done by
their actor on the route page. Advice a newer version outdates gets an `AdviceReview`: the adviser confirms or revises.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dossier.models import Discipline, Dossier, Membership

from .core import COMMENT_MAX_LENGTH, Advice


class RouteRole(models.TextChoices):
    AFDELINGSHOOFD = "afdelingshoofd", _("Afdelingshoofd")
    CONTROLLER = "controller", _("Controller")
    GEMEENTESECRETARIS = "gemeentesecretaris", _("Gemeentesecretaris")
    PORTEFEUILLEHOUDER = "portefeuillehouder", _("Portefeuillehouder")


class StepKind(models.TextChoices):
    ADVIES = "advies", _("Advies")
    PARAAF = "paraaf", _("Paraaf")
    ACCORDERING = "accordering", _("Accordering")


class StepFields(models.Model):
    """What a step is, in a template, a dossier's plan and a running route alike."""

    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind of step"), max_length=20, choices=StepKind)
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline, blank=True)
    role = models.CharField(_("route role"), max_length=20, choices=RouteRole, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days after submission)"))

    class Meta:
        abstract = True

    def clean(self):
        if bool(self.discipline) == bool(self.role):
            raise ValidationError({"role": _("A step has one actor: a discipline or a route role, not both.")})

    @property
    def actor_label(self) -> str:
        return str(self.get_discipline_display() if self.discipline else self.get_role_display())

    @property
    def by_advice(self) -> bool:
        """Done by the discipline's advice in the advice matrix, not on the route page."""
        return self.kind == StepKind.ADVIES and bool(self.discipline)


def _one_actor(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(~Q(discipline="") & Q(role="")) | (Q(discipline="") & ~Q(role="")),
        name=name,
        violation_error_message=_("A step has one actor: a discipline or a route role, not both."),
    )


class RouteTemplate(models.Model):
    """A gemeente's usual route, kept as reference data with who set it and why."""

    gemeente = models.CharField(_("gemeente"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before a deadline)"), default=3)
    assumption_by = models.CharField(_("set by"), max_length=200, blank=True)
    assumption_on = models.DateField(_("set on"), null=True, blank=True)
    assumption_reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route template")
        verbose_name_plural = _("route templates")
        ordering = ["gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "name"], name="route_template_name")]

    def __str__(self):
        return f"{self.gemeente}: {self.name}"


class RouteTemplateStep(StepFields):
    template = models.ForeignKey(RouteTemplate, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        verbose_name = _("step of a route template")
        verbose_name_plural = _("steps of a route template")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="route_template_step_position"),
            _one_actor("route_template_step_one_actor"),
        ]

    def __str__(self):
        return f"{self.template} #{self.position} {self.get_kind_display()} {self.actor_label}"


class Route(models.Model):
    """The dossier's planned route (no version) or the route a submitted version runs (a copy, never changed by
    the plan or its template afterwards)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="routes", verbose_name=_("dossier"))
    version = models.OneToOneField(
        "documents.DossierVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="route",
        verbose_name=_("version"),
    )
    # The template's name, as it was (a plain name: the template is the gemeente's reference data, not the dossier's).
    template_name = models.CharField(_("template"), max_length=200, blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before a deadline)"), default=3)
    set_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("set up by")
    )
    set_up_at = models.DateTimeField(_("set up at"), default=timezone.now)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # "Aanbieden aan het college": recorded once every mandatory step is done or skipped with a reason.
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offered to the college by"),
    )
    offered_at = models.DateTimeField(_("offered to the college at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            models.UniqueConstraint(fields=["dossier"], condition=Q(version__isnull=True), name="route_one_plan")
        ]

    def __str__(self):
        return f"{self.dossier.slug} " + (f"v{self.version.number}" if self.version_id else "plan")


class RouteStep(StepFields):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps", verbose_name=_("route"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)  # set when the route runs
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=COMMENT_MAX_LENGTH)
    skip_reason = models.TextField(_("reason for skipping"), blank=True, max_length=COMMENT_MAX_LENGTH)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="route_step_position"),
            _one_actor("route_step_one_actor"),
            models.CheckConstraint(
                condition=~Q(status="skipped") | ~Q(skip_reason=""),
                name="route_step_skipped_with_reason",
                violation_error_message=_("A step is skipped only with a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.route} #{self.position} {self.get_kind_display()} {self.actor_label}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today) -> bool:
        """Verlopen: still open after its deadline."""
        return self.is_open and self.deadline is not None and today > self.deadline


class RouteRoleAssignment(models.Model):
    """A dossier member acts as a route role (set by the kwartiermaker); a role may have several members."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="route_roles", verbose_name=_("member")
    )
    role = models.CharField(_("route role"), max_length=20, choices=RouteRole)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("route role")
        verbose_name_plural = _("route roles")
        constraints = [models.UniqueConstraint(fields=["membership", "role"], name="route_role_once")]

    def __str__(self):
        return f"{self.membership.user} – {self.get_role_display()}"


class AdviceReview(models.Model):
    """Advice a newer version outdated (a number or text it advised on changed): verouderd until the adviser
    confirms it still holds for the new version or revises it (the new verdict and text kept beside the old)."""

    class Status(models.TextChoices):
        OUTDATED = "verouderd", _("Outdated")
        CONFIRMED = "bevestigd", _("Confirmed")
        REVISED = "herzien", _("Revised")

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("advice"))
    basis = models.ForeignKey(
        "documents.DossierVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("advised on version")
    )
    version = models.ForeignKey(
        "documents.DossierVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("new version")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OUTDATED)
    verdict = models.CharField(_("revised advice"), max_length=20, choices=Advice.Verdict, blank=True)
    text = models.TextField(_("explanation"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("outdated at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review of outdated advice")
        verbose_name_plural = _("reviews of outdated advice")
        ordering = ["advice", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["advice"], condition=Q(status="verouderd"), name="advice_review_one_open"),
            models.CheckConstraint(
                condition=~Q(status="herzien") | (~Q(verdict="") & ~Q(text="")),
                name="advice_review_revised_with_text",
            ),
        ]

    def __str__(self):
        return f"{self.advice}: {self.get_status_display()} (v{self.version.number})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OUTDATED
