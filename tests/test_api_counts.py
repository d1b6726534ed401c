"""List counts are exact up to a cap and estimated above it, so no request counts a million rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atrocity.counting import CappedCountPaginator
from cases.models import Event
from tests import factories

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates come from PostgreSQL")


@pytest.fixture
def small_cap(monkeypatch):
    """A cap of 5 rows, so a dozen events is 'many'."""
    monkeypatch.setattr(CappedCountPaginator, "exact_count_limit", 5)


def test_count_is_exact_below_the_cap(client, make_events):
    make_events(12)
    body = client.get("/api/events/", {"page_size": 5}).json()
    assert (body["count"], body["count_exact"]) == (12, True)


def test_count_query_stops_at_the_cap(client, make_events, small_cap, django_assert_max_num_queries):
    make_events(12)
    with django_assert_max_num_queries(10):
        body = client.get("/api/events/", {"page_size": 5}).json()
    assert body["count"] >= 6
    assert len(body["results"]) == 5
    assert body["next"]


@on_postgresql
def test_above_the_cap_the_count_is_an_estimate_and_pages_are_read(client, make_events, small_cap):
    events = make_events(12)
    connection.cursor().execute("ANALYZE cases_event")
    body = client.get("/api/events/", {"page_size": 5}).json()
    assert body["count_exact"] is False
    last = client.get("/api/events/", {"page_size": 5, "page": 3}).json()
    assert [row["id"] for row in last["results"]] == [event.pk for event in events[10:]]
    assert last["next"] is None
    assert client.get("/api/events/", {"page_size": 5, "page": 4}).status_code == 404


def test_without_an_estimate_the_count_is_exact(client, make_events, small_cap, monkeypatch):
    monkeypatch.setattr("atrocity.counting.estimate_rows", lambda db, sql, params: None)
    make_events(12)
    body = client.get("/api/events/", {"page_size": 5}).json()
    assert (body["count"], body["count_exact"]) == (12, True)
    assert client.get("/api/events/", {"page_size": 5, "page": 4}).status_code == 404


def _explains(queries) -> int:
    return sum(query["sql"].startswith("EXPLAIN") for query in queries)


@on_postgresql
def test_an_estimate_is_asked_once_per_content_version(client, make_events, small_cap):
    make_events(12)
    connection.cursor().execute("ANALYZE cases_event")
    client.get("/api/events/", {"page_size": 5})  # the first asks the planner
    with CaptureQueriesContext(connection) as repeated:
        again = client.get("/api/events/", {"page_size": 5}).json()
    assert again["count_exact"] is False
    assert _explains(repeated) == 0
    factories.EventFactory()  # an edit: a new content version
    with CaptureQueriesContext(connection) as after_edit:
        client.get("/api/events/", {"page_size": 5})
    assert _explains(after_edit) == 1


def test_a_query_that_cannot_match_counts_zero_without_asking_the_database(make_events, django_assert_num_queries):
    make_events(3)
    with django_assert_num_queries(0):
        paginator = CappedCountPaginator(Event.objects.filter(pk__in=[]), 5)
        assert (paginator.count, paginator.count_exact) == (0, True)


def _counts(queries) -> int:
    return sum(query["sql"].startswith("SELECT COUNT(*)") for query in queries)


@pytest.mark.parametrize(
    "estimate, count, count_exact, counts_run",
    [(48_042, 48_042, False, 0), (9_999, 12, True, 1)],
    ids=["far above the cap: taken as it is", "near the cap: the capped count decides"],
)
def test_a_large_estimate_is_taken_without_counting(
    client, make_events, monkeypatch, estimate, count, count_exact, counts_run
):
    monkeypatch.setattr("atrocity.counting.estimate_rows", lambda db, sql, params: estimate)
    make_events(12)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/events/", {"page_size": 5}).json()
    assert (body["count"], body["count_exact"], _counts(queries)) == (count, count_exact, counts_run)
    assert len(body["results"]) == 5 and body["next"]


def test_the_last_page_makes_an_estimated_count_exact(client, make_events, monkeypatch):
    monkeypatch.setattr("atrocity.counting.estimate_rows", lambda db, sql, params: 50_000)
    make_events(12)
    last = client.get("/api/events/", {"page_size": 5, "page": 3}).json()
    assert (last["count"], last["count_exact"], last["next"]) == (12, True, None)
    assert len(last["results"]) == 2
    assert client.get("/api/events/", {"page_size": 5, "page": 4}).status_code == 404
