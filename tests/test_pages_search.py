"""Site search: cases, events, actors and instruments, ranked, with the matched words highlighted."""

import pytest

from atrocity.content import PublicationStatus
from atrocity.search import is_postgresql
from cases.site_search import highlight
from tests import factories

pytestmark = pytest.mark.django_db


def test_search_finds_actors_and_events_and_highlights_the_words(client, sample_cases):
    response = client.get("/search/", {"q": "Security Council"})
    groups = {group.key: group for group in response.context["groups"]}
    assert "United Nations Security Council (UNSC)" in [
        str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in groups["actors"].hits
    ]
    assert any(
        "Security Council" in str(hit.title).replace("<mark>", "").replace("</mark>", "")
        for hit in groups["events"].hits
    )
    assert "<mark>Security</mark> <mark>Council</mark>" in response.content.decode()


@pytest.mark.skipif(not is_postgresql(), reason="SQLite's fallback matches words without ranking")
def test_search_ranks_the_best_match_first(client, sample_cases):
    factories.EventFactory(
        case=sample_cases["cases"]["libya"]["case"],
        title="Embargo embargo embargo",
        description="The arms embargo was an embargo on arms.",
    )
    response = client.get("/search/", {"q": "embargo"})
    events = next(group for group in response.context["groups"] if group.key == "events")
    assert "Embargo" in str(events.hits[0].title)


def test_search_escapes_the_text_it_highlights(client, db):
    factories.EventFactory(title="Council <b>bold</b> claim", description="The Council <script>x</script> met.")
    html = client.get("/search/", {"q": "Council"}).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_search_shows_only_published_content(client, db):
    factories.ActorFactory(slug="draft-council", name="Draft Council", status=PublicationStatus.DRAFT)
    response = client.get("/search/", {"q": "Draft Council"})
    assert response.context["groups"] == []
    assert "Nothing matches" in response.content.decode()


def test_empty_search_explains_the_syntax(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "exclude a word" in response.content.decode()


@pytest.mark.parametrize("query", ["nul\x00byte", "x" * 201])
def test_unreadable_search_is_400(client, db, query):
    assert client.get("/search/", {"q": query}).status_code == 400


@pytest.mark.parametrize("query", ['"unterminated', "-", "or or", "a & b | !c", "'); drop table", "*"])
def test_odd_search_syntax_never_fails(client, sample_cases, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_search_query_count_is_fixed(client, sample_cases, django_assert_max_num_queries, make_events):
    make_events(60)
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": "Bulk event"})
    events = next(group for group in response.context["groups"] if group.key == "events")
    assert events.count == 60
    assert len(events.hits) == 25


def test_highlight_marks_every_word_ignoring_case():
    assert highlight("The Security council met", ["security", "Council"]) == (
        "The <mark>Security</mark> <mark>council</mark> met"
    )


@pytest.mark.skipif(not is_postgresql(), reason="stemming needs PostgreSQL full-text search")
def test_postgresql_search_matches_word_forms(client, sample_cases):
    response = client.get("/search/", {"q": "councils"})
    assert any(group.key == "actors" for group in response.context["groups"])
