"""The actor filter gives the same events whichever form the database query takes (few links or many)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import filtersets


@pytest.fixture(params=["few links", "many links"])
def query_form(request, monkeypatch):
    """Force the sparse form (collect the links' events) or the dense one (probe each event)."""
    monkeypatch.setattr(filtersets, "DENSE_ACTOR_LINKS", 10**12 if request.param == "few links" else 0)
    return request.param


def test_actor_filter_matches_participants_and_appliers_below_the_actor(client, un_system, query_form):
    from tests import factories

    un, council = un_system
    office = factories.ActorFactory(slug="un-office", parent=council)
    as_participant = factories.EventFactory(key="participant")
    factories.EventActorFactory(event=as_participant, actor=office)
    as_applier = factories.EventFactory(key="applier")
    factories.EventActorFactory(event=as_applier, actor=factories.ActorFactory(slug="someone-else"))
    factories.InstrumentUseFactory(event=as_applier, actor=council)
    both = factories.EventFactory(key="both")
    factories.EventActorFactory(event=both, actor=council)
    factories.InstrumentUseFactory(event=both, actor=council)
    unrelated = factories.EventFactory(key="unrelated")
    factories.EventActorFactory(event=unrelated, actor=factories.ActorFactory(slug="elsewhere"))

    body = client.get("/api/events/", {"actor": "united-nations"}).json()
    assert sorted(row["key"] for row in body["results"]) == ["applier", "both", "participant"]
    assert body["count"] == 3  # an event linked twice is counted once
    office_only = client.get("/api/events/", {"actor": "un-office"}).json()["results"]
    assert [row["key"] for row in office_only] == ["participant"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="estimates come from PostgreSQL")
def test_the_actor_filter_asks_the_planner_once_per_content_version(client, un_system):
    from tests import factories

    un, council = un_system
    factories.EventActorFactory(event=factories.EventFactory(), actor=council)
    client.get("/api/events/", {"actor": "united-nations"})
    with CaptureQueriesContext(connection) as repeated:
        assert client.get("/api/events/", {"actor": "united-nations"}).status_code == 200
    assert not [query for query in repeated.captured_queries if query["sql"].startswith("EXPLAIN")]
    factories.EventActorFactory(event=factories.EventFactory(), actor=un)  # an edit: estimates are asked again
    with CaptureQueriesContext(connection) as after_edit:
        assert client.get("/api/events/", {"actor": "united-nations"}).json()["count"] == 2
    assert [query for query in after_edit.captured_queries if query["sql"].startswith("EXPLAIN")]
