"""Hostile or broken writes through the API: a clear 4xx naming the field, and nothing half-written."""

import json

import pytest

from actors.models import Actor
from cases.models import Event

pytestmark = pytest.mark.django_db


def post(client, url: str, payload) -> tuple[int, dict]:
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    response = client.post(url, body, content_type="application/json")
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, {}


EVENT = {"key": "hostile", "case": "libya", "date": "2011-03-01", "date_precision": "month", "title": "T",
         "event_type": "statement"}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2011-02-30"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"date_precision": "week"}, "date_precision"),
        ({"case": "atlantis"}, "case"),
        ({"case": ["libya"]}, "case"),
        ({"title": {"nested": "object"}}, "title"),
        ({"title": "x" * 5000}, "title"),
        ({"event_type": None}, "event_type"),
        ({"end_date": "2011-01-01"}, "end_date"),
        ({"key": "not a slug!"}, "key"),
        ({"phase_slug": "no-such-phase"}, "phase_slug"),
    ],
)
def test_bad_event_fields_answer_400_naming_the_field(editor_client, libya_resolution_1973, change, field):
    before = Event.objects.count()
    status, body = post(editor_client, "/api/events/", {**EVENT, **change})
    assert status == 400
    assert field in body
    assert Event.objects.count() == before


def test_duplicate_slug_is_refused(editor_client, un_system):
    status, body = post(editor_client, "/api/actors/", {"slug": "united-nations", "name": "Again", "kind": "ngo"})
    assert status == 400 and "slug" in body
    assert Actor.objects.filter(slug="united-nations").count() == 1


def test_malformed_json_and_wrong_top_level_type_answer_400(editor_client, un_system):
    assert post(editor_client, "/api/actors/", "{not json")[0] == 400
    assert post(editor_client, "/api/actors/", "[1, 2, 3]")[0] == 400
    assert post(editor_client, "/api/actors/", '"a string"')[0] == 400


def test_oversized_payload_is_refused(editor_client, un_system, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    status, _ = post(
        editor_client, "/api/actors/", {"slug": "big", "name": "n", "kind": "ngo", "description": "x" * 200_000}
    )
    assert status in (400, 413)
    assert not Actor.objects.filter(slug="big").exists()


@pytest.mark.parametrize("name", ["Côte d'Ivoire", "Co\u0302te d'Ivoire", "Bieńczyk-Missala", "معمر القذافي", "שלום"])
def test_unicode_names_are_stored_exactly(editor_client, name):
    status, body = post(editor_client, "/api/actors/", {"slug": "unicode", "name": name, "kind": "individual"})
    assert status == 201, body
    assert Actor.objects.get(slug="unicode").name == name
    assert editor_client.get("/api/actors/unicode/").json()["name"] == name


def test_script_in_a_field_comes_back_as_inert_json(client, editor_client):
    payload = "<script>alert('xss')</script>"
    status, _ = post(
        editor_client, "/api/actors/", {"slug": "xss", "name": payload, "kind": "ngo", "status": "published"}
    )
    assert status == 201
    response = client.get("/api/actors/xss/")
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json()["name"] == payload  # data is returned as data, never rendered


def test_a_failed_write_leaves_no_trace_in_the_history(editor_client, un_system):
    un, council = un_system
    history_before = Actor.history.count()
    response = editor_client.patch(
        "/api/actors/united-nations/", {"parent": council.slug, "version": 1}, content_type="application/json"
    )
    assert response.status_code == 400
    assert Actor.history.count() == history_before
    assert Actor.objects.get(slug="united-nations").parent is None
