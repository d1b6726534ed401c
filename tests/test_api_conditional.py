"""ETag/Last-Modified on every GET endpoint, and 304 answers while nothing changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/",
    "/api/events/",
    "/api/cases/",
    "/api/cases/libya/",
    "/api/cases/libya/timeline/",
    "/api/cases/libya/timeline/?format=timelinejs",
    "/api/actors/",
    "/api/actors/united-nations/",
    "/api/instruments/",
    "/api/instruments/no-fly-zone/",
    "/api/sources/",
    "/api/hypotheses/",
    "/api/codebook/",
    "/api/deletions/?since=2000-01-01T00:00:00Z",
    "/api/events/?format=csv",
    "/api/schema/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_get_carries_validators_and_honours_them(client, libya_resolution_1973, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_a_change_invalidates_the_etag(client, libya_resolution_1973):
    first = client.get("/api/events/")
    libya_resolution_1973.title = "Resolution 1973 adopted"
    libya_resolution_1973.save()
    second = client.get("/api/events/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.json()["results"][0]["title"] == "Resolution 1973 adopted"


def test_a_related_change_invalidates_the_etag(client, libya_resolution_1973, un_system):
    first = client.get("/api/events/")
    _, council = un_system
    council.name = "UN Security Council"
    council.save()
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_etag_differs_per_query_and_per_viewer(client, editor, libya_resolution_1973):
    anonymous = client.get("/api/events/")["ETag"]
    assert client.get("/api/events/", {"case": "libya"})["ETag"] != anonymous
    client.force_login(editor)
    assert client.get("/api/events/")["ETag"] != anonymous


def test_not_modified_costs_one_query(client, libya_resolution_1973, django_assert_max_num_queries):
    etag = client.get("/api/events/")["ETag"]
    with django_assert_max_num_queries(1):
        assert client.get("/api/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def _version_reads(queries) -> int:
    return sum("content_version" in query["sql"] or query["sql"].startswith("SELECT MAX(changed)") for query in queries)


@pytest.mark.parametrize("url", ["/api/events/?actor=united-nations", "/api/events/?search=no-fly", "/api/actors/"])
def test_a_read_asks_the_content_version_once(client, libya_resolution_1973, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _version_reads(queries.captured_queries) == 1
