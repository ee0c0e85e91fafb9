"""The world the form fuzzing and the payload suites submit forms in: Twenterand with a member of each role, a
thread, an advice round, a running advice and paraaf route with outdated advice, and a decision the college held."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass
class World:
    """The Twenterand dossier with a member of each role, a thread about a risk (opened by the werkgroep, with a
    reply of the kwartiermaker) and an advice round."""

    dossier: object
    users: dict
    memberships: dict
    thread_pk: int
    comment_pk: int  # the werkgroep member's own comment
    round_number: int
    extra: dict = field(default_factory=dict)

    def element(self, kind):
        from dossier.models import Dossier

        if kind.model is Dossier:
            return Dossier.objects.get(pk=self.dossier.pk)
        return kind.model.objects.filter(dossier=self.dossier).order_by("pk").first()

    def url(self, name, **kwargs):
        return reverse(f"dossier:{name}", kwargs={"slug": self.dossier.slug, **kwargs})

    @property
    def thread(self):
        from werkgroep.models import Thread

        return Thread.objects.get(pk=self.thread_pk)


def build_world(dossier) -> World:
    from dossier.models import Membership, Risk, Role
    from dossier.tests.factories import MembershipFactory
    from werkgroep import anchors, services

    memberships = {
        role: MembershipFactory(dossier=dossier, role=role, user__username=f"fuzz-{role}")
        for role in (Role.KWARTIERMAKER, Role.WERKGROEP, Role.COLLEGE, Role.BESTUURSSECRETARIAAT)
    }
    memberships = {str(role): Membership.objects.get(pk=m.pk) for role, m in memberships.items()}
    risk = Risk.objects.filter(dossier=dossier).order_by("pk").first()
    thread = services.thread_open(
        membership=memberships["werkgroep"], anchor=anchors.resolve(dossier, "risico", risk.pk), text="Een vraag"
    )
    services.comment_reply(membership=memberships["kwartiermaker"], thread=thread, text="Een antwoord")
    advice_round = services.advice_round_request(membership=memberships["kwartiermaker"], note="Graag advies")
    _one_of_each(dossier)
    decided = _decidable(memberships)
    return World(
        dossier=dossier,
        users={role: m.user for role, m in memberships.items()},
        memberships=memberships,
        thread_pk=thread.pk,
        comment_pk=thread.comments.order_by("pk").first().pk,
        round_number=advice_round.number,
        extra={**decided, **_route_world(memberships, advice_round)},
    )


def _route_world(memberships, advice_round) -> dict:
    """A version submitted ter advisering runs Twenterand's route, whose afdelingshoofd is the werkgroep member;
    the werkgroep member's advice in the round is outdated (a review to confirm or revise)."""
    from documents import services as documents_services
    from werkgroep.models import Advice, AdviceReview, RouteRole, RouteRoleAssignment, RouteStep

    werkgroep = memberships["werkgroep"]
    RouteRoleAssignment.objects.create(membership=werkgroep, role=RouteRole.AFDELINGSHOOFD)
    version = documents_services.version_publish(membership=memberships["kwartiermaker"], status="ter_advisering")
    step = RouteStep.objects.get(route__version=version, role=RouteRole.AFDELINGSHOOFD)
    advice = Advice.objects.create(
        round=advice_round, discipline=werkgroep.discipline, verdict="positief", text="Akkoord", advisor=werkgroep.user
    )
    review = AdviceReview.objects.create(advice=advice, basis=version, version=version)
    return {"step_pk": step.pk, "review_pk": review.pk, "member_pk": werkgroep.pk, "version": version.number}


def _decidable(memberships) -> dict:
    """A definitive version with a decision the college held (aangehouden: the dossier stays open), for the forms
    of the bestuurssecretariaat: a new decision and a correction."""
    from django.utils import timezone

    from documents import services
    from documents.models import Decision

    version = services.version_publish(membership=memberships["kwartiermaker"], status="definitief")
    held = services.decision_record(
        membership=memberships["bestuurssecretariaat"], version=version, meeting_date=timezone.localdate(),
        outcome=Decision.Outcome.AANGEHOUDEN, reason="Eerst het advies", besluitenlijst="Aangehouden",
    )  # fmt: skip
    return {"decided_version": version.number, "decision": held.pk}


def _one_of_each(dossier) -> None:
    """An element of every kind the fixture leaves empty, for its edit form (Ontplooj's turnover per buyer and a
    dekking of the one-off costs are not in the documents, so the fixture has none)."""
    import datetime

    from scenarios.models import BudgetCover, ProviderTurnover, Scenario

    if not BudgetCover.objects.filter(dossier=dossier).exists():
        BudgetCover.objects.create(
            dossier=dossier,
            name="Reserve sociaal domein",
            amount=100_000,
            set_by="Ambtelijke werkgroep – Financiën",
            set_on=datetime.date(2026, 12, 4),
            reason="Voorbeeld om te bewerken",
        )

    if not ProviderTurnover.objects.filter(dossier=dossier).exists():
        ProviderTurnover.objects.create(
            dossier=dossier,
            scenario=Scenario.objects.filter(dossier=dossier).order_by("pk").first(),
            buyer="Almelo",
            amount=1_000_000,
            set_by="Kwartiermaker",
            set_on=datetime.date(2026, 11, 22),
            reason="Voorbeeld om te bewerken",
        )
