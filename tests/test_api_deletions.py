"""The deletions feed: what harvesters must drop, derived from the change history."""

import datetime

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def feed(client, since) -> list[tuple[str, str, str]]:
    response = client.get("/api/deletions/", {"since": since.isoformat()})
    assert response.status_code == 200, response.content
    return [(row["type"], row["identifier"], row["change"]) for row in response.json()["results"]]


def test_deleted_and_unpublished_records_appear_since_the_date(client, libya_resolution_1973, un_system):
    since = timezone.now()
    libya_resolution_1973.status = "draft"
    libya_resolution_1973.save()
    factories.SourceFactory(key="to-delete").delete()
    actor = factories.ActorFactory(slug="short-lived")
    actor.delete()
    assert feed(client, since) == [
        ("event", str(libya_resolution_1973.pk), "unpublished"),
        ("source", "to-delete", "deleted"),
        ("actor", "short-lived", "deleted"),
    ]
    assert feed(client, timezone.now() + datetime.timedelta(seconds=1)) == []


def test_drafts_never_published_are_not_reported(client):
    since = timezone.now()
    draft = factories.ActorFactory(slug="secret-draft", status="draft")
    draft.name = "Still a draft"
    draft.save()
    draft.delete()
    assert feed(client, since) == []


def test_feed_exports_csv(client, un_system):
    since = timezone.now()
    factories.ActorFactory(slug="gone").delete()
    response = client.get("/api/deletions/", {"since": since.isoformat(), "format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "type,id,identifier,change,at"
    assert lines[1].startswith("actor,") and ",gone,deleted," in lines[1]
