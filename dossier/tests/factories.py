"""factory_boy factories for dossier content; each builds a minimal valid element."""

import datetime

import factory
from django.contrib.auth import get_user_model

from dossier.models import (
    Dossier,
    InfrastructureFunction,
    Kader,
    Membership,
    Milestone,
    Organisation,
    ResearchArea,
    Risk,
    Role,
    Source,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.django.Password("geheim-wachtwoord-1")


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    gemeente = factory.Sequence(lambda n: f"Gemeente {n}")
    title = "Toekomst sociale werkvoorziening"
    zaaknummer = "123"
    dvo_end = datetime.date(2026, 10, 1)
    dvo_notice_deadline = datetime.date(2025, 10, 1)
    dvo_renewal_years = 5


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    dossier = factory.SubFactory(DossierFactory)
    role = Role.KWARTIERMAKER
    discipline = factory.LazyAttribute(lambda m: "juridisch" if m.role == Role.WERKGROEP else "")


class ResearchAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchArea

    dossier = factory.SubFactory(DossierFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Onderzoeksgebied {n}")
    findings = "Eerste bevindingen."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    dossier = factory.SubFactory(DossierFactory)
    key = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisatie {n}")


class FunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfrastructureFunction

    dossier = factory.SubFactory(DossierFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Functie {n}")


class KaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kader

    dossier = factory.SubFactory(DossierFactory)
    key = factory.Sequence(lambda n: f"kader-{n}")
    kind = Kader.Kind.LANDELIJK
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Kader {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    dossier = factory.SubFactory(DossierFactory)
    title = "Besluit college"
    date = datetime.date(2026, 12, 15)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    dossier = factory.SubFactory(DossierFactory)
    description = "Onvoldoende eenheid in regionale samenwerking"
    likelihood = 3
    impact = 4


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    dossier = factory.SubFactory(DossierFactory)
    key = factory.Sequence(lambda n: f"bron-{n}")
    title = factory.Sequence(lambda n: f"Rapport {n}")
