"""Every list and detail endpoint runs a bounded number of queries, at 1 row and at 500."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

# ETag version (1), count (1), rows (1), prefetches (up to 3), filter lookups, and on PostgreSQL planner estimates
# (the actor filter's choice of query form, the count) and, on a connection's first use, the PREPARE of the
# statements it keeps (atrocity/prepared.py: the version, a page's ids, a page's rows).
LIST_BOUND = 11


def make_rows(make_events, n: int) -> None:
    """n events in one case, and n actors, instruments, sources, cases and hypotheses with findings."""
    events = make_events(n)
    factories.ActorFactory.create_batch(n - 1)
    factories.InstrumentFactory.create_batch(n - 1)
    factories.SourceFactory.create_batch(n - 1)
    factories.CaseStudyFactory.create_batch(n - 1)
    for hypothesis in factories.HypothesisFactory.create_batch(n):
        finding = factories.HypothesisFindingFactory(hypothesis=hypothesis, case=events[0].case)
        finding.evidence.add(*events[:3])


@pytest.mark.parametrize("n", [1, 500])
@pytest.mark.parametrize(
    "url",
    [
        "/api/events/",
        "/api/events/?actor=bulk-actor&category=economic&search=bulk&ordering=-date",
        "/api/cases/",
        "/api/cases/bulk-case/timeline/",
        "/api/actors/",
        "/api/instruments/",
        "/api/sources/",
        "/api/hypotheses/",
        "/api/deletions/?since=2000-01-01T00:00:00Z",
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, make_events, django_assert_max_num_queries, url, n):
    make_rows(make_events, n)
    separator = "&" if "?" in url else "?"
    with django_assert_max_num_queries(LIST_BOUND):
        response = client.get(f"{url}{separator}page_size=1000")
    assert response.status_code == 200
    if "deletions" not in url:
        assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [1, 500])
def test_csv_export_query_count_does_not_grow_with_rows(client, make_events, django_assert_max_num_queries, n):
    make_events(n)
    with django_assert_max_num_queries(LIST_BOUND):
        response = client.get("/api/events/", {"format": "csv"})
        assert len(b"".join(response.streaming_content).splitlines()) == n + 1


@pytest.mark.parametrize("n", [1, 500])
@pytest.mark.parametrize(
    "url",
    ["/api/cases/bulk-case/", "/api/actors/bulk-actor/", "/api/instruments/bulk-instrument/", "/api/events/{id}/"],
)
def test_detail_query_count_does_not_grow_with_related_rows(client, make_events, django_assert_max_num_queries, url, n):
    events = make_events(n)
    case = events[0].case
    for i in range(n):
        factories.PhaseFactory(case=case, slug=f"phase-{i}")
    factories.ActorFactory.create_batch(n, parent=factories.ActorFactory(slug="bulk-actor"))
    with django_assert_max_num_queries(LIST_BOUND):
        response = client.get(url.format(id=events[-1].pk))
    assert response.status_code == 200
