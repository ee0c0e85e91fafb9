"""factory_boy factories for the werkgroep's objects: a thread about a risk with its first comment, comments, advice
rounds and advice. They write rows directly (as a fixture would); the rules live in werkgroep.services, whose tests
go through it."""

import factory
from django.utils import timezone

from documents.models import DossierVersion
from dossier.models import Role
from dossier.tests.factories import DossierFactory, RiskFactory, UserFactory
from werkgroep.anchors import Anchor, anchor_type_for
from werkgroep.models import Advice, AdviceRound, Comment, RouteTemplate, RouteTemplateStep, StepKind, Thread


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread about a risk of its dossier. Traits: `settled` (verwerkt, with a note)."""

    class Meta:
        model = Thread

    dossier = factory.SubFactory(DossierFactory)
    anchor = factory.SubFactory(RiskFactory, dossier=factory.SelfAttribute("..dossier"))
    anchor_kind = "dossier.risk"
    part = ""
    # As the service names it: the element's short name (a risk's name can be a whole sentence; the column holds 300).
    anchor_label = factory.LazyAttribute(lambda t: Anchor(anchor_type_for(t.anchor), t.anchor, t.part).label[:300])
    opened_by = factory.SubFactory(UserFactory)
    discipline = "juridisch"

    class Params:
        settled = factory.Trait(
            status=Thread.Status.VERWERKT,
            status_note="Verwerkt in de tekst.",
            status_at=factory.LazyFunction(timezone.now),
        )


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment in a thread. Traits: `withdrawn`."""

    class Meta:
        model = Comment

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    role = Role.WERKGROEP
    discipline = "juridisch"
    text = factory.Sequence(lambda n: f"Opmerking {n}")

    class Params:
        withdrawn = factory.Trait(withdrawn_at=factory.LazyFunction(timezone.now))


class AdviceRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceRound

    dossier = factory.SubFactory(DossierFactory)
    number = factory.Sequence(lambda n: n + 1)
    requested_by = factory.SubFactory(UserFactory)


class AdviceFactory(factory.django.DjangoModelFactory):
    """One discipline's advice in a round. Traits: `negative`."""

    class Meta:
        model = Advice

    round = factory.SubFactory(AdviceRoundFactory)
    discipline = "juridisch"
    verdict = Advice.Verdict.POSITIEF
    text = "Akkoord."
    advisor = factory.SubFactory(UserFactory)

    class Params:
        negative = factory.Trait(verdict=Advice.Verdict.NEGATIEF, text="Niet akkoord: zie de draad.")


class RouteTemplateFactory(factory.django.DjangoModelFactory):
    """A gemeente's route template; give its steps with RouteTemplateStepFactory."""

    class Meta:
        model = RouteTemplate

    gemeente = "Twenterand"
    name = factory.Sequence(lambda n: f"Route {n}")
    reminder_days = 3


class RouteTemplateStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteTemplateStep

    template = factory.SubFactory(RouteTemplateFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = StepKind.ADVIES
    discipline = "juridisch"
    role = ""
    mandatory = True
    deadline_days = 14


def version_factory(*, dossier, number, frozen_by, status="ter_advisering", snapshot=None):
    """A frozen version with the given snapshot, as a fixture would store it (no finance engine, no hash check);
    the werkgroep's receiver reacts to it as to a real freeze."""
    return DossierVersion.objects.create(
        dossier=dossier,
        number=number,
        status=status,
        frozen_by=frozen_by,
        snapshot=snapshot if snapshot is not None else {"schema": 2, "dossier": {}, "content": {}},
        snapshot_schema=2,
        sha256=f"{number:064d}",
    )
