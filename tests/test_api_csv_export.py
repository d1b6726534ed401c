"""The fast events CSV is exactly what serializing every event would give, for the public and for editors."""

import pytest

from atrocity.api.views import ListExportMixin
from cases import synthetic
from cases.api.csv_export import EventCSVExportMixin
from tests import factories


def csv_text(client, url: str, **params) -> str:
    response = client.get(url, {"format": "csv", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def varied_events(libya_resolution_1973):
    """Synthetic events of every shape, plus a published event linked to a draft actor."""
    synthetic.generate(cases=2, events=150, seed=21)
    hidden = factories.ActorFactory(slug="draft-actor", status="draft")
    factories.EventActorFactory(event=libya_resolution_1973, actor=hidden, role="supporter")
    return libya_resolution_1973


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/events/", {}),
        ("/api/events/", {"case": "synthetic-case-0001", "ordering": "-date"}),
        ("/api/events/", {"search": "embargo"}),
        ("/api/cases/synthetic-case-0002/timeline/", {}),
    ],
)
def test_fast_csv_equals_the_serializer_csv(client, varied_events, monkeypatch, url, params):
    fast = csv_text(client, url, **params)
    monkeypatch.setattr(EventCSVExportMixin, "csv_export", ListExportMixin.csv_export)
    assert fast == csv_text(client, url, **params)
    assert fast.count("\n") > 1


def test_draft_actors_stay_hidden_from_the_public_but_not_from_editors(client, editor, varied_events):
    assert "draft-actor" not in csv_text(client, "/api/events/", case="libya")
    client.force_login(editor)
    assert "draft-actor" in csv_text(client, "/api/events/", case="libya")
