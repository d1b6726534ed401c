"""The shared response cache: anonymous reads are served from it, and an edit is visible at once."""

import pytest
from django.test import override_settings

from atrocity import response_cache
from cases import synthetic
from cases.models import EventActor

HIT = response_cache.STATUS_HEADER

# Real commits: the generation is bumped when a write's transaction commits, as in production. The database
# flush after each test is followed by post_migrate, which re-creates the editors group (cases/permissions.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("cache_on")]


@pytest.fixture
def cache_on():
    with override_settings(RESPONSE_CACHE=True):
        yield


def titles(response) -> list[str]:
    return [row["title"] for row in response.json()["results"]]


def test_second_anonymous_read_is_a_hit(client, libya_resolution_1973):
    first = client.get("/api/events/", {"case": "libya"})
    second = client.get("/api/events/", {"case": "libya"})
    assert (first.headers[HIT], second.headers[HIT]) == ("miss", "hit")
    assert second.content == first.content
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_an_edit_is_visible_immediately(client, libya_resolution_1973):
    client.get("/api/events/", {"case": "libya"})
    assert client.get("/api/events/", {"case": "libya"}).headers[HIT] == "hit"
    libya_resolution_1973.title = "Resolution 1973 adopted (edited)"
    libya_resolution_1973.save()
    response = client.get("/api/events/", {"case": "libya"})
    assert response.headers[HIT] == "miss"
    assert titles(response) == ["Resolution 1973 adopted (edited)"]


def test_an_edit_is_visible_immediately_on_the_case_page(client, libya_resolution_1973):
    assert client.get("/cases/libya/").status_code == 200
    assert client.get("/cases/libya/").headers[HIT] == "hit"
    libya_resolution_1973.title = "A title no cached page has"
    libya_resolution_1973.save()
    assert "A title no cached page has" in client.get("/cases/libya/").content.decode()


def test_unpublishing_hides_the_event_at_once(client, libya_resolution_1973):
    assert titles(client.get("/api/events/")) != []
    libya_resolution_1973.status = "draft"
    libya_resolution_1973.save()
    assert titles(client.get("/api/events/")) == []


def test_deleting_a_link_invalidates(client, libya_resolution_1973):
    assert client.get(f"/api/events/{libya_resolution_1973.pk}/").json()["actors"] != []
    EventActor.objects.filter(event=libya_resolution_1973).delete()
    assert client.get(f"/api/events/{libya_resolution_1973.pk}/").json()["actors"] == []


def test_bulk_writes_invalidate_too(client, libya_resolution_1973):
    """bulk_create sends no signal; the synthetic corpus bumps the generation itself."""
    before = client.get("/api/events/").json()["count"]
    synthetic.generate(cases=1, events=5, seed=1)
    assert client.get("/api/events/").json()["count"] == before + 5


def test_etag_answers_304(client, libya_resolution_1973):
    first = client.get("/cases/libya/")
    again = client.get("/cases/libya/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    libya_resolution_1973.title = "Changed"
    libya_resolution_1973.save()
    assert client.get("/cases/libya/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_signed_in_readers_bypass_the_cache(client, superuser, libya_resolution_1973):
    """Curators see drafts: their answers are never stored, and anonymous readers never get them."""
    libya_resolution_1973.status = "draft"
    libya_resolution_1973.save()
    client.force_login(superuser)
    as_editor = client.get("/api/events/")
    assert HIT not in as_editor.headers
    assert titles(as_editor) == [libya_resolution_1973.title]
    client.logout()
    assert titles(client.get("/api/events/")) == []


def test_token_requests_bypass_the_cache(client, libya_resolution_1973):
    response = client.get("/api/events/", headers={"Authorization": "Token not-a-real-token"})
    assert HIT not in response.headers


def test_formats_are_cached_apart(client, libya_resolution_1973):
    json_answer = client.get("/api/events/", headers={"Accept": "application/json"})
    browsable = client.get("/api/events/", headers={"Accept": "text/html"})
    assert json_answer.headers["Content-Type"] != browsable.headers["Content-Type"]


def test_streamed_csv_exports_are_not_cached(client, libya_resolution_1973):
    response = client.get("/api/events/", {"format": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert HIT not in response.headers


def test_admin_is_never_cached(client):
    assert HIT not in client.get("/admin/login/").headers


@override_settings(RESPONSE_CACHE=False)
def test_off_by_default_in_tests(client, libya_resolution_1973):
    assert HIT not in client.get("/api/events/").headers
