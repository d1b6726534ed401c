"""The curated content keeps the project's promises: every fact dated, attributed and cited to the book."""

import json
from pathlib import Path

import pytest
from django.db.models import Count, Q

from actors.models import Actor
from atrocity import booktext
from cases.models import CaseStudy, Citation, Event, Factor, FactorAssessment, Figure, Hypothesis, SourceKind
from instruments.models import Instrument, InstrumentCategory
from tests.content import load_curated_content, wipe_content

STABLE_SLUGS = Path(__file__).parent / "data" / "published_slugs.json"
CASES = ["chechnya", "rwanda", "cote-divoire", "libya"]


@pytest.fixture(scope="module", autouse=True)
def curated_content(django_db_setup, django_db_blocker):
    """Load the fixtures once for this module, and remove them afterwards."""
    with django_db_blocker.unblock():
        load_curated_content()
        yield
        wipe_content()


pytestmark = pytest.mark.django_db


def test_the_four_cases_are_there_with_their_slugs():
    assert set(CaseStudy.objects.published().values_list("slug", flat=True)) >= set(CASES)


@pytest.mark.parametrize("slug", CASES)
def test_each_case_has_a_full_timeline(slug):
    assert Event.objects.filter(case__slug=slug).count() >= 50


def test_every_event_has_an_actor_and_a_book_citation_with_locator():
    events = Event.objects.annotate(
        actor_count=Count("actor_links", distinct=True),
        book_citations=Count(
            "citations", filter=Q(citations__source__kind=SourceKind.BOOK) & ~Q(citations__locator=""), distinct=True
        ),
    )
    assert not [e.key for e in events if e.actor_count == 0], "events without an actor"
    assert not [e.key for e in events if e.book_citations == 0], "events without a located book citation"


def test_every_instrument_use_names_an_actor_of_the_event():
    stray = [
        (use.event.key, use.actor.slug)
        for event in Event.objects.prefetch_related("actor_links", "instrument_uses__actor")
        for use in event.instrument_uses.all()
        if use.actor_id not in {link.actor_id for link in event.actor_links.all()}
    ]
    assert not stray, "instrument applied by an actor not listed in the event"


def test_no_orphan_actors():
    orphans = Actor.objects.filter(
        parent__isnull=True,
        children__isnull=True,
        memberships__isnull=True,
        members__isnull=True,
        capabilities__isnull=True,
        event_links__isnull=True,
        instrument_uses__isnull=True,
        sources_issued__isnull=True,
    )
    assert not list(orphans.values_list("slug", flat=True))


def test_no_orphan_instruments():
    orphans = Instrument.objects.filter(capabilities__isnull=True, uses__isnull=True)
    assert not list(orphans.values_list("slug", flat=True))


def test_instrument_typology_is_complete():
    counts = dict(Instrument.objects.values_list("category").annotate(n=Count("id")))
    assert Instrument.objects.count() >= 40
    assert all(counts.get(category, 0) >= 5 for category in InstrumentCategory.values), counts


def test_actor_hierarchy_puts_un_organs_under_the_united_nations():
    un = Actor.objects.get(slug="united-nations")
    below = set(Actor.objects.filter(pk__in=Actor.objects.descendant_ids([un.pk])).values_list("slug", flat=True))
    assert {"united-nations-security-council", "united-nations-general-assembly"} <= below
    assert Actor.objects.count() >= 100


@pytest.mark.parametrize("slug", CASES)
def test_each_case_is_rated_on_all_five_factors(slug):
    factors = set(FactorAssessment.objects.filter(case__slug=slug).values_list("factor", flat=True))
    assert factors == set(Factor.values)


def test_every_factor_rating_is_justified_from_the_book():
    unjustified = FactorAssessment.objects.filter(Q(justification="") | Q(citations__isnull=True))
    assert not unjustified.exists()


def test_the_books_hypotheses_are_all_there():
    codes = set(Hypothesis.objects.values_list("code", flat=True))
    assert codes == {"main-1", "main-2"} | {f"sub-{n}" for n in range(1, 10)}
    assert Hypothesis.objects.filter(findings__isnull=False).distinct().count() >= 9


def test_every_figure_is_cited_to_the_book():
    uncited = Figure.objects.exclude(citations__source__kind=SourceKind.BOOK)
    assert not list(uncited.values_list("key", flat=True))


def test_published_slugs_never_disappear():
    """Slugs are public identifiers: once published they stay (tests/data/published_slugs.json records them)."""
    recorded = json.loads(STABLE_SLUGS.read_text())
    current = {
        "actors": set(Actor.objects.published().values_list("slug", flat=True)),
        "instruments": set(Instrument.objects.published().values_list("slug", flat=True)),
        "cases": set(CaseStudy.objects.published().values_list("slug", flat=True)),
        "events": set(Event.objects.published().values_list("key", flat=True)),
    }
    missing = {kind: sorted(set(slugs) - current[kind]) for kind, slugs in recorded.items()}
    assert not any(missing.values()), missing


@pytest.mark.skipif(not booktext.book_available(), reason=f"the book's text is not at {booktext.BOOK_PATH}")
def test_every_evidence_passage_occurs_in_the_book():
    book_citations = Citation.objects.filter(source__kind=SourceKind.BOOK)
    assert not book_citations.filter(quote="").exclude(factor_assessment__isnull=False).exists()
    wrong = [
        (citation.locator, citation.quote)
        for citation in book_citations.exclude(quote="")
        if not 5 <= len(citation.quote.split()) <= 25 or not booktext.occurs_in_book(citation.quote)
    ]
    assert not wrong


@pytest.mark.skipif(not booktext.book_available(), reason=f"the book's text is not at {booktext.BOOK_PATH}")
def test_hypothesis_quotes_occur_in_the_book():
    assert all(booktext.occurs_in_book(quote) for quote in Hypothesis.objects.values_list("quote", flat=True))
