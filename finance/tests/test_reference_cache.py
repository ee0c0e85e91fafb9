"""The reference data in the `reference` cache: one small query to know its generation, read again after every
write through the application (save, delete), never kept from a write that was rolled back."""

import io
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction

from finance import reference as finance_reference
from finance.models import IndexRate, Parameter, ReferenceGeneration, Tariff
from finance.reference import reference as read

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(db):
    call_command("load_finance_reference", stdout=io.StringIO())


def test_a_computation_reads_reference_data_again_only_after_it_changed(reference, django_assert_num_queries):
    first = read()
    with django_assert_num_queries(1):  # the generation alone
        assert read() == first
    assert caches[finance_reference.CACHE].get(finance_reference.KEY.format(token=first.generation)) == first
    rate = Parameter.objects.get(key="discontovoet")
    rate.value += Decimal("0.01")
    rate.save()  # the loader and the services write like this: a new generation in the same transaction
    assert read().parameters["discontovoet"] == rate.value
    tariff = Tariff.objects.filter(tariff_set__key="ontplooj-dvo-2023").first()
    tariff.amount += 1
    tariff.save()
    after = read().tariff_sets[tariff.tariff_set_id]
    assert after.amounts[tariff.task] == tariff.amount
    index = IndexRate.objects.first()
    index.delete()
    assert index.year not in read().index.get(index.series, {})


def test_every_write_is_a_new_generation(reference):
    before = ReferenceGeneration.objects.get(pk=1)
    Parameter.objects.get(key="discontovoet").save()
    after = ReferenceGeneration.objects.get(pk=1)
    assert after.number == before.number + 1 and after.token != before.token


def test_what_was_read_inside_a_rolled_back_write_is_never_served(reference):
    """A write read back in its own transaction and then rolled back: the data read under its generation stays in
    the cache, but that generation is gone and no later write takes it again (a token, not a number)."""
    rate = Parameter.objects.get(key="discontovoet")
    original = rate.value
    with pytest.raises(RuntimeError), transaction.atomic():
        rate.value = original + Decimal("0.05")
        rate.save()
        assert read().parameters["discontovoet"] == original + Decimal("0.05")  # now in the cache
        raise RuntimeError("rolled back")
    assert read().parameters["discontovoet"] == original
    rate = Parameter.objects.get(key="discontovoet")
    rate.value = original + Decimal("0.02")
    rate.save()  # the next write: the same generation number as the rolled-back one had
    assert read().parameters["discontovoet"] == original + Decimal("0.02")


def test_a_write_around_the_application_needs_the_command(reference):
    rate = Parameter.objects.get(key="discontovoet")
    read()
    Parameter.objects.filter(pk=rate.pk).update(value=rate.value + 1)  # as SQL in psql: no signal
    assert read().parameters["discontovoet"] == rate.value  # still the cached one
    call_command("reference_changed", stdout=io.StringIO())
    assert read().parameters["discontovoet"] == rate.value + 1


def test_without_a_generation_row_nothing_is_kept(reference):
    """A flushed test database has no generation: every read goes to the database, the next write makes one."""
    ReferenceGeneration.objects.all().delete()
    assert read().generation is None
    assert read().kept("x", list) == []
    Parameter.objects.get(key="discontovoet").save()
    assert read().generation == ReferenceGeneration.objects.get(pk=1).token
