"""CSV exports of whole filtered lists, and the TimelineJS export of a case."""

import csv
import io

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_export_has_every_row_of_a_multi_page_result(client, make_events):
    make_events(120)
    assert client.get("/api/events/", {"page_size": 50}).json()["count"] == 120
    rows = read_csv(client.get("/api/events/", {"format": "csv", "page_size": 50}))
    assert len(rows) == 120
    assert rows[0]["title"] == "Bulk event 0"


def test_csv_row_has_scalars_related_slugs_and_both_urls(client, libya_resolution_1973):
    factories.EventActorFactory(event=libya_resolution_1973, actor__slug="france", role="supporter")
    (row,) = read_csv(client.get("/api/events/", {"format": "csv"}))
    assert row["case"] == "libya"
    assert row["date_label"] == libya_resolution_1973.date_label
    assert row["actors"] == "united-nations-security-council;france"
    assert row["instruments"] == "no-fly-zone"
    assert row["sources"] == "s-res-1973-2011"
    assert row["api_url"] == f"http://testserver/api/events/{libya_resolution_1973.pk}/"
    assert row["html_url"] == f"http://testserver/events/{libya_resolution_1973.pk}/"


def test_csv_export_applies_the_filters_and_keeps_the_header_when_empty(client, libya_resolution_1973):
    response = client.get("/api/events/", {"format": "csv", "case": "libya", "category": "economic"})
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines() == [text.splitlines()[0]]
    assert text.startswith("id,key,case,phase,date,date_precision,end_date,")


@pytest.mark.parametrize("endpoint", ["cases", "actors", "instruments", "sources", "hypotheses"])
def test_every_list_exports_csv(client, libya_resolution_1973, endpoint):
    factories.HypothesisFactory(code="main-1")
    rows = read_csv(client.get(f"/api/{endpoint}/", {"format": "csv"}))
    assert rows and "api_url" in rows[0] and "html_url" in rows[0]


def test_csv_errors_are_json_naming_the_parameter(client):
    response = client.get("/api/events/", {"format": "csv", "date_after": "2011-13-45"})
    assert response.status_code == 400
    assert "date_after" in response.json()


def test_timelinejs_export(client, libya_resolution_1973):
    case = libya_resolution_1973.case
    factories.PhaseFactory(case=case, name="War <1>", start_date="2011-03-01", end_date="2011-10-20")
    factories.EventFactory(case=case, date="2011-08-01", date_precision="month", title="Tripoli <falls>")
    body = client.get("/api/cases/libya/timeline/", {"format": "timelinejs"}).json()
    assert body["title"]["text"]["headline"] == "Libya"
    first, second = body["events"]
    day = libya_resolution_1973.date
    assert first["start_date"] == {"year": day.year, "month": day.month, "day": day.day}
    assert first["text"]["headline"] == "Security Council authorises a no-fly zone"
    assert second["start_date"] == {"year": 2011, "month": 8}  # month precision: no invented day
    assert second["display_date"] == "August 2011"
    assert second["text"]["headline"] == "Tripoli &lt;falls&gt;"
    assert body["eras"][0]["text"]["headline"] == "War &lt;1&gt;"
    assert body["eras"][0]["end_date"] == {"year": 2011, "month": 10, "day": 20}


def test_timelinejs_export_takes_event_filters(client, libya_resolution_1973):
    factories.EventFactory(case=libya_resolution_1973.case, event_type="statement")
    body = client.get("/api/cases/libya/timeline/", {"format": "timelinejs", "event_type": "resolution"}).json()
    assert [slide["unique_id"] for slide in body["events"]] == [f"event-{libya_resolution_1973.pk}"]
