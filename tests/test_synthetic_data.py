"""The synthetic corpus: deterministic, shaped like real data, in the history, and removable without a trace."""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from actors.models import Actor
from cases import synthetic
from cases.models import CaseStudy, Citation, Event, EventActor, InstrumentUse, Source

pytestmark = pytest.mark.django_db


def fingerprint() -> list[tuple]:
    """Everything the seed decides, by stable keys (database ids and timestamps differ between runs)."""
    events = Event.objects.filter(key__startswith=synthetic.PREFIX).select_related("case", "phase").order_by("key")
    actors = Counter()
    for link in EventActor.objects.select_related("event", "actor"):
        actors[(link.event.key, link.actor.slug, link.actor.parent.slug if link.actor.parent else "", link.role)] += 1
    uses = sorted(InstrumentUse.objects.values_list("event__key", "instrument__slug", "actor__slug"))
    citations = sorted(Citation.objects.values_list("event__key", "source__key", "locator"))
    rows = [
        (e.key, e.case.slug, e.phase.slug if e.phase else "", e.title, e.description, e.date, e.date_precision,
         e.end_date, e.event_type)
        for e in events
    ]  # fmt: skip
    return [*rows, *sorted(actors.items()), *uses, *citations]


def content_counts() -> dict[str, int]:
    """Rows in every table of the content apps, history included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"actors", "instruments", "cases"}
    }


def test_same_seed_same_corpus_other_seed_another():
    synthetic.generate(cases=3, events=120, seed=7)
    first = fingerprint()
    synthetic.remove()
    synthetic.generate(cases=3, events=120, seed=7)
    assert fingerprint() == first
    synthetic.remove()
    synthetic.generate(cases=3, events=120, seed=8)
    assert fingerprint() != first


def test_corpus_has_the_requested_size_and_is_marked():
    call_command("generate_synthetic_data", cases=4, events=200, seed=1)
    assert CaseStudy.objects.filter(slug__startswith="synthetic-").count() == 4
    assert Event.objects.filter(key__startswith="synthetic-").count() == 200
    assert Source.objects.filter(key="synthetic").exists()
    assert all(title.startswith("[Synthetic]") for title in Event.objects.values_list("title", flat=True))
    assert all(title.startswith("[Synthetic]") for title in CaseStudy.objects.values_list("title", flat=True))
    assert not Event.objects.exclude(status="published").exists()


def test_links_per_event_and_date_precisions_follow_the_specification():
    synthetic.generate(cases=5, events=600, seed=3)
    per_event = {
        name: Counter(model.objects.values_list("event_id", flat=True))
        for name, model in (("actors", EventActor), ("instruments", InstrumentUse), ("sources", Citation))
    }
    event_ids = list(Event.objects.values_list("id", flat=True))
    actors = [per_event["actors"][pk] for pk in event_ids]
    instruments = [per_event["instruments"][pk] for pk in event_ids]
    sources = [per_event["sources"][pk] for pk in event_ids]
    assert (min(actors), max(actors)) == (1, 5)
    assert (min(instruments), max(instruments)) == (0, 3)
    assert (min(sources), max(sources)) == (1, 3)
    assert set(Event.objects.values_list("date_precision", flat=True)) == {"day", "month", "year"}
    assert Event.objects.filter(end_date__isnull=False).exists()


def test_case_sizes_and_actor_popularity_are_skewed():
    synthetic.generate(cases=6, events=1200, seed=2)
    sizes = sorted(Counter(Event.objects.values_list("case_id", flat=True)).values())
    assert sum(sizes) == 1200
    assert sizes[-1] >= 5 * sizes[0]  # Zipf: the largest case dwarfs the smallest
    popularity = Counter(EventActor.objects.values_list("actor_id", flat=True)).most_common()
    assert popularity[0][1] >= 10 * popularity[-1][1]


def test_split_events_is_exact_and_zipf_shaped():
    sizes = synthetic.split_events(1_000_000, 50)
    assert sum(sizes) == 1_000_000
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > 100_000  # some cases with tens of thousands of events and more


def test_deep_actor_hierarchy_hangs_below_the_united_nations(un_system, client):
    un, _ = un_system
    synthetic.generate(cases=2, events=300, seed=4)
    below_un = Actor.objects.descendant_ids([un.pk]) - {un.pk}
    synthetic_below = Actor.objects.filter(pk__in=below_un, slug__startswith="synthetic-")
    assert synthetic_below.count() >= synthetic.MAX_ACTOR_DEPTH
    deepest = max(len(actor.ancestors()) for actor in synthetic_below)
    assert deepest >= synthetic.MAX_ACTOR_DEPTH  # a chain of organs and offices seven levels below the UN
    response = client.get("/api/events/", {"actor": "united-nations"})
    assert response.status_code == 200
    assert any(row["key"].startswith("synthetic-") for row in response.json()["results"])


def test_every_synthetic_row_has_its_history():
    synthetic.generate(cases=2, events=150, seed=5)
    for model in synthetic.SYNTHETIC_MODELS:
        assert model.history.count() == model.objects.count(), model.__name__
    assert set(Event.history.values_list("history_type", flat=True)) == {"+"}
    assert Event.history.filter(history_change_reason=synthetic.CHANGE_REASON).count() == 150


def test_removal_deletes_exactly_the_synthetic_rows(libya_resolution_1973):
    before = content_counts()
    libya_before = Event.objects.filter(pk=libya_resolution_1973.pk).values().get()
    call_command("generate_synthetic_data", cases=3, events=250, seed=6)
    assert content_counts() != before
    call_command("generate_synthetic_data", remove=True)
    assert content_counts() == before
    assert Event.objects.filter(pk=libya_resolution_1973.pk).values().get() == libya_before
    assert Event.history.filter(key=libya_resolution_1973.key).exists()


def test_a_second_corpus_needs_the_first_removed():
    synthetic.generate(cases=1, events=10, seed=1)
    with pytest.raises(CommandError, match="remove it first"):
        call_command("generate_synthetic_data", cases=1, events=10, seed=1)


def test_generated_rows_satisfy_the_model_validation():
    synthetic.generate(cases=2, events=80, seed=9)
    for event in Event.objects.select_related("phase", "case")[:80]:
        event.full_clean()
    assert Event.objects.filter(date__gt=datetime.date(2100, 1, 1)).count() == 0
