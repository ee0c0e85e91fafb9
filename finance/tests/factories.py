"""factory_boy factories for reference data: a tariff set with its tariffs, as begroot (sourced) by default."""

import datetime

import factory

from finance.models import Status, Tariff, TariffSet


class TariffSetFactory(factory.django.DjangoModelFactory):
    """A provider's tariffs for one year. Traits: `assumption` (an aanname: who, when, why in the note)."""

    class Meta:
        model = TariffSet

    key = factory.Sequence(lambda n: f"aanbieder-{n}-2025")
    provider = factory.Sequence(lambda n: f"Aanbieder {n}")
    year = 2025
    status = Status.BEGROOT
    source = "Begroting 2025"
    locator = "p. 12"

    class Params:
        assumption = factory.Trait(
            status=Status.AANNAME,
            source="",
            locator="",
            set_by="Financiën",
            set_on=datetime.date(2026, 11, 22),
            note="Geen gepubliceerd tarief; geschat voor de test.",
        )


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff

    tariff_set = factory.SubFactory(TariffSetFactory)
    task = Tariff.Task.WERKGEVERSTAKEN
    amount = 1_000
    unit = Tariff.Unit.NOMINAAL
