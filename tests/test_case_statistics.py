"""The public case statistics PostgreSQL keeps on write (cases/migrations/0006) equal the live counts after any write.

Every test compares what the selectors read from the tallies with what they count live from the content (the path
SQLite and editors take), so a write path the triggers miss shows up as a difference.
"""

import random
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from actors.models import Actor
from atrocity.content import PublicationStatus
from cases import selectors
from cases.models import (
    CaseActorTally,
    CaseCategoryTally,
    CaseEventTally,
    CaseInstrumentTally,
    CaseStudy,
    Citation,
    Event,
    EventActor,
    InstrumentUse,
)
from instruments.models import InstrumentCategory
from tests import factories

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="tallies are kept by PostgreSQL triggers")

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT
ROLES = ["initiator", "target", "participant"]
CATEGORIES = [InstrumentCategory.DIPLOMATIC, InstrumentCategory.LEGAL, InstrumentCategory.MILITARY]


def public_statistics(live: bool) -> dict:
    """Every statistic the case list, case page and compare page show the public, from the tallies or live."""
    with mock.patch("cases.selectors.reads_case_statistics", return_value=not live):
        cases = selectors.cases_for_listing()
        return {
            "cases": [(case.pk, case.event_count, case.actor_count, case.instrument_count) for case in cases],
            "categories": selectors.event_counts_by_case_and_category(),
            "actors": [(actor.pk, per_case) for actor, per_case in selectors.actors_across_cases(min_cases=1)],
            "shared actors": [(actor.pk, per_case) for actor, per_case in selectors.actors_across_cases()],
            "choices": {case.pk: selectors.case_filter_choices(case) for case in CaseStudy.objects.order_by("pk")},
        }


def tally_rows() -> list:
    return [
        sorted(CaseEventTally.objects.values_list("case_id", "events", "actors", "instruments")),
        sorted(CaseActorTally.objects.values_list("case_id", "actor_id", "events", "actor_links")),
        sorted(CaseInstrumentTally.objects.values_list("case_id", "instrument_id", "uses")),
        sorted(CaseCategoryTally.objects.values_list("case_id", "category", "events")),
    ]


def assert_tallies_match_live_counts(step: str) -> None:
    assert public_statistics(live=False) == public_statistics(live=True), f"after {step}"


@pytest.fixture
def world(db):
    """Three cases, six actors (one a draft), five instruments in three categories (one a draft), a few events."""
    cases = [factories.CaseStudyFactory(slug=f"case-{n}") for n in range(3)]
    actors = [factories.ActorFactory(slug=f"actor-{n}", status=DRAFT if n == 5 else PUBLISHED) for n in range(6)]
    instruments = [
        factories.InstrumentFactory(
            slug=f"instrument-{n}", category=CATEGORIES[n % 3], status=DRAFT if n == 4 else PUBLISHED
        )
        for n in range(5)
    ]
    for n in range(6):
        event = factories.EventFactory(case=cases[n % 3], status=DRAFT if n == 5 else PUBLISHED)
        factories.EventActorFactory(event=event, actor=actors[n % 6])
        factories.InstrumentUseFactory(event=event, instrument=instruments[n % 5], actor=actors[(n + 1) % 6])
    return cases, actors, instruments


@on_postgresql
def test_public_readers_use_the_tallies_and_editors_count_live(editor, plain_user):
    assert selectors.reads_case_statistics(None)
    assert selectors.reads_case_statistics(plain_user)
    assert not selectors.reads_case_statistics(editor)


@on_postgresql
def test_the_migration_counted_the_existing_content_and_writes_keep_it(world):
    assert_tallies_match_live_counts("setting up")
    assert CaseEventTally.objects.get(case=world[0][0]).events == 2


@on_postgresql
def test_several_links_of_one_actor_to_one_event_in_one_statement_count_the_event_once(world):
    cases, actors, instruments = world
    event = factories.EventFactory(case=cases[0])
    EventActor.objects.bulk_create([EventActor(event=event, actor=actors[0], role=role) for role in ROLES])
    InstrumentUse.objects.bulk_create(
        [InstrumentUse(event=event, instrument=instrument, actor=actors[0]) for instrument in instruments[:2]]
    )
    tally = CaseActorTally.objects.get(case=cases[0], actor=actors[0])
    assert (tally.events, tally.actor_links) == (2, 4)  # the fixture's event and this one; its role and these three
    EventActor.objects.filter(event=event, role="target").delete()
    assert CaseActorTally.objects.get(case=cases[0], actor=actors[0]).events == 2
    assert_tallies_match_live_counts("one link of several removed")


@on_postgresql
def test_an_event_deleted_before_its_links_in_raw_sql_is_uncounted_once(world):
    cases, actors, instruments = world
    event = factories.EventFactory(case=cases[1])
    factories.EventActorFactory(event=event, actor=actors[0])
    factories.InstrumentUseFactory(event=event, instrument=instruments[0], actor=actors[1])
    with connection.cursor() as cursor:  # foreign keys are checked at commit: the event can go first
        cursor.execute("DELETE FROM cases_event WHERE id = %s", [event.pk])
        cursor.execute("DELETE FROM cases_eventactor WHERE event_id = %s", [event.pk])
        cursor.execute("DELETE FROM cases_instrumentuse WHERE event_id = %s", [event.pk])
    assert_tallies_match_live_counts("raw delete, event first")


class RandomWrites:
    """Random writes through every path the ORM offers, on a small world so that links often collide."""

    def __init__(self, rng: random.Random, world):
        self.rng = rng
        self.cases, self.actors, self.instruments = (list(group) for group in world)

    def event(self) -> Event | None:
        return Event.objects.order_by("?").first()

    def create_event(self):
        factories.EventFactory(case=self.rng.choice(self.cases), status=self.rng.choice([PUBLISHED, DRAFT]))

    def delete_event(self):
        if event := self.event():
            event.delete()  # the ORM cascades to its links first

    def toggle_event_status(self):
        if event := self.event():
            event.status = DRAFT if event.status == PUBLISHED else PUBLISHED
            event.save()

    def move_events(self):
        case = self.rng.choice(self.cases)
        Event.objects.filter(pk__in=[e.pk for e in Event.objects.order_by("?")[:3]]).update(case=case, phase=None)

    def set_case_events_status(self):
        Event.objects.filter(case=self.rng.choice(self.cases)).update(status=self.rng.choice([PUBLISHED, DRAFT]))

    def link_actor(self):
        if event := self.event():
            actor, role = self.rng.choice(self.actors), self.rng.choice(ROLES)
            EventActor.objects.get_or_create(event=event, actor=actor, role=role)

    def bulk_link_actors(self):
        events = list(Event.objects.order_by("?")[:3])
        links = {(e.pk, self.rng.choice(self.actors).pk, self.rng.choice(ROLES)) for e in events for _ in range(3)}
        existing = set(EventActor.objects.values_list("event_id", "actor_id", "role"))
        EventActor.objects.bulk_create([EventActor(event_id=e, actor_id=a, role=r) for e, a, r in links - existing])

    def unlink_actor(self):
        if link := EventActor.objects.order_by("?").first():
            link.delete()

    def relink_actor(self):
        if link := EventActor.objects.order_by("?").first():
            link.actor = self.rng.choice(self.actors)
            if not EventActor.objects.filter(event=link.event_id, actor=link.actor, role=link.role).exists():
                link.save()

    def unlink_actor_everywhere(self):
        EventActor.objects.filter(actor=self.rng.choice(self.actors)).delete()

    def use_instrument(self):
        if event := self.event():
            instrument, actor = self.rng.choice(self.instruments), self.rng.choice(self.actors)
            InstrumentUse.objects.get_or_create(event=event, instrument=instrument, actor=actor)

    def bulk_use_instruments(self):
        events = list(Event.objects.order_by("?")[:3])
        uses = {(e.pk, self.rng.choice(self.instruments).pk, self.rng.choice(self.actors).pk) for e in events * 3}
        existing = set(InstrumentUse.objects.values_list("event_id", "instrument_id", "actor_id"))
        InstrumentUse.objects.bulk_create(
            [InstrumentUse(event_id=e, instrument_id=i, actor_id=a) for e, i, a in uses - existing]
        )

    def drop_use(self):
        if use := InstrumentUse.objects.order_by("?").first():
            use.delete()

    def swap_used_instrument(self):
        if use := InstrumentUse.objects.order_by("?").first():
            instrument = self.rng.choice(self.instruments)
            if not InstrumentUse.objects.filter(event=use.event_id, instrument=instrument, actor=use.actor_id).exists():
                InstrumentUse.objects.filter(pk=use.pk).update(instrument=instrument)

    def drop_uses_of_an_event(self):
        if event := self.event():
            event.instrument_uses.all().delete()

    def recategorise_instrument(self):
        instrument = self.rng.choice(self.instruments)
        instrument.refresh_from_db()
        instrument.category = self.rng.choice(CATEGORIES)
        instrument.save()

    def toggle_case_status(self):
        case = self.rng.choice(self.cases)
        CaseStudy.objects.filter(pk=case.pk).update(status=DRAFT if case.status == PUBLISHED else PUBLISHED)
        case.refresh_from_db()

    def toggle_actor_status(self):
        actor = self.rng.choice(self.actors)
        Actor.objects.filter(pk=actor.pk).update(status=DRAFT if actor.status == PUBLISHED else PUBLISHED)
        actor.refresh_from_db()

    def replace_a_case(self):
        """Delete a case with everything in it (its events first: they protect it), then add a fresh one."""
        case = self.cases.pop(self.rng.randrange(len(self.cases)))
        Citation.objects.filter(event__case=case).delete()
        Event.objects.filter(case=case).delete()
        case.delete()
        self.cases.append(factories.CaseStudyFactory())

    def replace_an_actor(self):
        """Delete an actor (its links first: they protect it), then add a fresh one."""
        actor = self.actors.pop(self.rng.randrange(len(self.actors)))
        EventActor.objects.filter(actor=actor).delete()
        InstrumentUse.objects.filter(actor=actor).delete()
        actor.delete()
        self.actors.append(factories.ActorFactory())

    def step(self) -> str:
        name = self.rng.choice([name for name in dir(self) if not name.startswith("_") and name not in NOT_WRITES])
        getattr(self, name)()
        return name


NOT_WRITES = {"rng", "cases", "actors", "instruments", "event", "step"}


@on_postgresql
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_keep_the_tallies_equal_to_the_live_counts(world, seed):
    writes = RandomWrites(random.Random(seed), world)
    for number in range(60):
        step = writes.step()
        assert_tallies_match_live_counts(f"step {number}: {step}")
    kept = tally_rows()
    with connection.cursor() as cursor:
        cursor.execute("SELECT cases_rebuild_statistics()")
    assert tally_rows() == kept, "a recount from scratch gives the very tallies the triggers kept"


@on_postgresql
def test_rebuild_command_recounts_tallies_that_went_wrong(world):
    with connection.cursor() as cursor:  # as a restore with triggers disabled would leave them
        cursor.execute("UPDATE cases_caseactortally SET events = events + 1")
        cursor.execute("DELETE FROM cases_casecategorytally")
    assert public_statistics(live=False) != public_statistics(live=True)
    call_command("rebuild_case_statistics")
    assert_tallies_match_live_counts("the rebuild")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="other databases have no tallies to rebuild")
def test_rebuild_command_explains_that_other_databases_count_live(db):
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("rebuild_case_statistics")
