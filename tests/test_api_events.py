"""The events endpoint: shape of a row, every filter alone and combined, descendant matching, ordering, search."""

import datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def rwanda_events(un_system):
    """Two Rwanda events a month apart: a French mediation and a month-precision report."""
    un, _ = un_system
    rwanda = factories.CaseStudyFactory(slug="rwanda", title="Rwanda")
    france = factories.ActorFactory(slug="france", name="France")
    mediation = factories.EventFactory(
        case=rwanda,
        date=datetime.date(1993, 8, 4),
        title="Arusha peace agreement signed",
        description="Talks mediated by Tanzania end with a power-sharing accord.",
        event_type="agreement",
    )
    factories.EventActorFactory(event=mediation, actor=france, role="mediator")
    mediator = factories.InstrumentFactory(slug="mediation", category="diplomatic")
    factories.InstrumentUseFactory(event=mediation, instrument=mediator, actor=france)
    report = factories.EventFactory(
        case=rwanda,
        date=datetime.date(1994, 4, 1),
        date_precision="month",
        title="Special rapporteur warns of genocide",
        description="A report of the human rights machinery.",
        event_type="report",
    )
    factories.EventActorFactory(event=report, actor=un, role="initiator")
    return mediation, report


def test_event_row_carries_everything_a_researcher_cites(client, libya_resolution_1973):
    quote = "the Council decided to establish a ban on all flights"
    factories.CitationFactory(event=libya_resolution_1973, quote=quote)
    row = client.get(f"/api/events/{libya_resolution_1973.pk}/").json()
    assert row["case"] == "libya"
    assert row["date_precision"] == "day"
    assert row["date_label"] == libya_resolution_1973.date_label
    assert row["event_type"] == "resolution"
    assert row["actors"] == [
        {"slug": "united-nations-security-council", "name": "United Nations Security Council", "role": "initiator"}
    ]
    assert row["instruments"][0] | {"note": ""} == {
        "slug": "no-fly-zone",
        "name": "No-fly zone",
        "category": "military",
        "applied_by": "united-nations-security-council",
        "note": "",
    }
    assert row["sources"][0]["key"] == "s-res-1973-2011"
    assert row["sources"][0]["locator"] == "para. 6"
    assert row["sources"][1]["quote"] == quote
    assert row["links"]["api"] == f"http://testserver/api/events/{libya_resolution_1973.pk}/"
    assert row["links"]["html"] == f"http://testserver/events/{libya_resolution_1973.pk}/"


def test_month_precision_event_is_labelled_by_month(client, rwanda_events):
    _, report = rwanda_events
    assert client.get(f"/api/events/{report.pk}/").json()["date_label"] == "April 1994"


def test_event_carries_its_phase(client):
    phase = factories.PhaseFactory(slug="uprising", name="Uprising")
    event = factories.EventFactory(case=phase.case, phase=phase)
    assert client.get(f"/api/events/{event.pk}/").json()["phase"] == {"slug": "uprising", "name": "Uprising"}


def test_actor_filter_includes_sub_bodies(client, libya_resolution_1973):
    assert libya_resolution_1973.pk in ids(client.get("/api/events/", {"actor": "united-nations"}))


def test_actor_filter_does_not_climb_to_parents(client, libya_resolution_1973, rwanda_events):
    _, un_report = rwanda_events
    found = ids(client.get("/api/events/", {"actor": "united-nations-security-council"}))
    assert found == [libya_resolution_1973.pk]
    assert un_report.pk in ids(client.get("/api/events/", {"actor": "united-nations"}))


def test_case_filter_accepts_several_cases(client, libya_resolution_1973, rwanda_events):
    mediation, report = rwanda_events
    assert ids(client.get("/api/events/", {"case": "rwanda"})) == [mediation.pk, report.pk]
    both = ids(client.get("/api/events/?case=rwanda&case=libya"))
    assert set(both) == {mediation.pk, report.pk, libya_resolution_1973.pk}


def test_instrument_and_category_filters(client, libya_resolution_1973, rwanda_events):
    mediation, _ = rwanda_events
    assert ids(client.get("/api/events/", {"instrument": "no-fly-zone"})) == [libya_resolution_1973.pk]
    assert ids(client.get("/api/events/", {"category": "diplomatic"})) == [mediation.pk]
    assert ids(client.get("/api/events/", {"category": "economic"})) == []


def test_event_type_filter(client, libya_resolution_1973, rwanda_events):
    _, report = rwanda_events
    assert ids(client.get("/api/events/", {"event_type": "report"})) == [report.pk]


def test_date_filters_are_inclusive(client, rwanda_events):
    mediation, report = rwanda_events
    assert ids(client.get("/api/events/", {"date_after": "1993-08-04", "date_before": "1993-08-04"})) == [mediation.pk]
    assert ids(client.get("/api/events/", {"date_after": "1993-08-05"})) == [report.pk]
    assert ids(client.get("/api/events/", {"date_before": "1994-04-01"})) == [mediation.pk, report.pk]


def test_filters_combine(client, libya_resolution_1973, rwanda_events):
    mediation, report = rwanda_events
    query = {"case": "rwanda", "actor": "united-nations", "date_after": "1994-01-01", "event_type": "report"}
    assert ids(client.get("/api/events/", query)) == [report.pk]
    query = {"case": "rwanda", "category": "diplomatic", "actor": "united-nations"}
    assert ids(client.get("/api/events/", query)) == []
    query = {"case": ["rwanda", "libya"], "category": "military", "search": "no-fly"}
    assert ids(client.get("/api/events/", query)) == [libya_resolution_1973.pk]


def test_search_matches_title_and_description(client, rwanda_events):
    mediation, report = rwanda_events
    assert ids(client.get("/api/events/", {"search": "genocide"})) == [report.pk]
    assert ids(client.get("/api/events/", {"search": "power-sharing"})) == [mediation.pk]
    assert ids(client.get("/api/events/", {"search": "nothing-like-this"})) == []


def test_ordering_by_date_both_ways(client, rwanda_events):
    mediation, report = rwanda_events
    assert ids(client.get("/api/events/", {"ordering": "date"})) == [mediation.pk, report.pk]
    assert ids(client.get("/api/events/", {"ordering": "-date"})) == [report.pk, mediation.pk]


def test_modified_after_lists_only_recent_changes(client, rwanda_events):
    mediation, report = rwanda_events
    mediation.title = "Arusha accords signed"
    mediation.save()
    since = mediation.modified_at.isoformat()
    assert ids(client.get("/api/events/", {"modified_after": since})) == [mediation.pk]


def test_anonymous_sees_no_draft_events_nor_events_of_draft_cases(client, libya_resolution_1973):
    draft = factories.EventFactory(case=libya_resolution_1973.case, status="draft")
    hidden_case = factories.CaseStudyFactory(slug="hidden", status="draft")
    in_draft_case = factories.EventFactory(case=hidden_case)
    assert ids(client.get("/api/events/")) == [libya_resolution_1973.pk]
    assert client.get(f"/api/events/{draft.pk}/").status_code == 404
    assert client.get(f"/api/events/{in_draft_case.pk}/").status_code == 404


def test_editor_sees_drafts(editor_client, libya_resolution_1973):
    draft = factories.EventFactory(case=libya_resolution_1973.case, status="draft")
    assert draft.pk in ids(editor_client.get("/api/events/"))


def test_modified_after_sees_an_event_whose_sources_changed(client, libya_resolution_1973):
    from django.utils import timezone

    from cases.models import Event

    Event.objects.filter(pk=libya_resolution_1973.pk).update(modified_at=timezone.now() - datetime.timedelta(days=1))
    cutoff = (timezone.now() - datetime.timedelta(seconds=1)).isoformat()
    assert client.get("/api/events/", {"modified_after": cutoff}).json()["count"] == 0
    factories.CitationFactory(event=libya_resolution_1973, locator="para. 4")  # only a linked row changes
    ids = [row["id"] for row in client.get("/api/events/", {"modified_after": cutoff}).json()["results"]]
    assert ids == [libya_resolution_1973.pk]
