"""An anonymous reader's event filters are compiled once per content version; the rows are read every time."""

import datetime

import pytest
from django.db.models import Q

from atrocity.compiled import CompiledIds
from atrocity.counting import CappedCountPaginator
from cases.filtersets import EventFilterSet
from cases.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch) -> list[str]:
    """The query strings whose event filters were built (and so compiled), in order."""
    built = []
    original = EventFilterSet.filter_queryset

    def counted(self, queryset):
        built.append(self.data.urlencode())
        return original(self, queryset)

    monkeypatch.setattr(EventFilterSet, "filter_queryset", counted)
    return built


@pytest.fixture
def case():
    case = factories.CaseStudyFactory(slug="kept-case")
    for day in (1, 2):
        factories.EventFactory(case=case, key=f"kept-{day}", date=datetime.date(2011, 3, day))
    return case


def _keys(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [event["key"] for event in response.json()["results"]]


def test_a_repeated_public_filter_is_built_once_and_its_rows_read_every_time(client, case, builds):
    assert _keys(client.get("/api/events/", {"case": "kept-case"})) == ["kept-1", "kept-2"]
    assert _keys(client.get("/api/events/", {"case": "kept-case", "page": 2, "page_size": 1})) == ["kept-2"]
    # A row written without a history record (a bulk insert) leaves the content version as it was: the kept SQL
    # is used again, and it still finds the new row, because only SQL is kept, never rows.
    Event.objects.bulk_create(
        [Event(key="kept-0", case=case, date=datetime.date(2011, 3, 1), title="Bulk", status="published")]
    )
    assert _keys(client.get("/api/events/", {"case": "kept-case"})) == ["kept-1", "kept-0", "kept-2"]
    assert builds == ["case=kept-case"]


def test_an_edit_makes_the_filter_built_again(client, case, builds):
    client.get("/api/events/", {"case": "kept-case"})
    factories.EventFactory(case=case, key="kept-3", date=datetime.date(2011, 3, 3))
    assert _keys(client.get("/api/events/", {"case": "kept-case"})) == ["kept-1", "kept-2", "kept-3"]
    assert len(builds) == 2


def test_a_slug_named_after_an_edit_is_found(client, case):
    """The slug -> id choice is made when the filter is built: a kept filter must not outlive a new actor."""
    assert client.get("/api/events/", {"actor": "new-actor"}).status_code == 400
    actor = factories.ActorFactory(slug="new-actor")
    factories.EventActorFactory(event=Event.objects.get(key="kept-2"), actor=actor)
    assert _keys(client.get("/api/events/", {"actor": "new-actor"})) == ["kept-2"]


def test_each_view_filter_and_reader_has_its_own(client, editor_client, case, builds):
    client.get("/api/events/", {"case": "kept-case"})
    client.get("/api/events/", {"case": "kept-case", "ordering": "-date"})
    client.get("/api/cases/kept-case/timeline/")
    assert len(builds) == 3
    for _ in range(2):  # signed in: built every time (an editor may see drafts)
        assert _keys(editor_client.get("/api/events/", {"case": "kept-case"})) == ["kept-1", "kept-2"]
    assert len(builds) == 5


def test_an_invalid_filter_is_refused_every_time(client, case):
    for _ in range(2):
        response = client.get("/api/events/", {"case": "no-such-case"})
        assert response.status_code == 400 and "case" in response.json()


def test_a_filter_that_matches_nothing_by_construction_asks_nothing(django_assert_num_queries):
    ids = CompiledIds.of(Event.objects.filter(Q(pk__in=[])))
    with django_assert_num_queries(0):
        assert ids.keys is None and ids[0:50] == [] and ids.count() == 0
        assert CappedCountPaginator(ids, 50).count == 0


def test_compiled_ids_page_and_count_as_the_queryset_does(case):
    events = Event.objects.filter(case=case).order_by("-date", "-id")
    ids = CompiledIds.of(events)
    every = list(events.values_list("pk", flat=True))
    assert ids[0:1] == every[:1] and ids[1:3] == every[1:3] and ids[5:10] == []
    assert ids.count() == len(every) == 2
