"""Writes: who may write, validation exactly like the admin, atomicity and history."""

import pytest
from rest_framework.authtoken.models import Token

from actors.models import Actor
from cases.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

NEW_ACTOR = {"slug": "ecowas", "name": "Economic Community of West African States", "kind": "subregional_org"}


def test_anonymous_cannot_write(client, un_system):
    assert client.post("/api/actors/", NEW_ACTOR, content_type="application/json").status_code == 401
    rename = client.patch("/api/actors/united-nations/", {"name": "X"}, content_type="application/json")
    assert rename.status_code == 401
    assert client.delete("/api/actors/united-nations/").status_code == 401
    assert not Actor.objects.filter(slug="ecowas").exists()


def test_authenticated_user_without_permission_cannot_write(client, plain_user, un_system):
    client.force_login(plain_user)
    assert client.post("/api/actors/", NEW_ACTOR, content_type="application/json").status_code == 403
    assert client.get("/api/actors/").status_code == 200


def test_editor_creates_and_history_records_who(editor_client, editor):
    response = editor_client.post("/api/actors/", NEW_ACTOR, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    actor = Actor.objects.get(slug="ecowas")
    assert actor.history.get().history_user == editor


def test_token_writes_are_recorded_with_the_token_user(client, editor, libya_resolution_1973):
    token = Token.objects.create(user=editor)
    response = client.patch(
        f"/api/events/{libya_resolution_1973.pk}/",
        {"title": "All necessary measures authorised", "version": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "All necessary measures authorised"
    latest = libya_resolution_1973.history.latest()
    assert (latest.title, latest.history_user) == ("All necessary measures authorised", editor)


def test_writes_are_validated_like_the_admin(editor_client, un_system):
    un, council = un_system
    response = editor_client.patch(
        "/api/actors/united-nations/", {"parent": council.slug, "version": 1}, content_type="application/json"
    )
    assert response.status_code == 400
    cycle = "United Nations Security Council is already below United Nations; choosing it as parent would make a cycle."
    assert response.json() == {"parent": [cycle]}


def test_event_date_must_match_its_precision(editor_client, libya_resolution_1973):
    response = editor_client.patch(
        f"/api/events/{libya_resolution_1973.pk}/",
        {"date": "2011-03-17", "date_precision": "month", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["date"] == [
        "With month precision the date must be the first day of the month (got 2011-03-17)."
    ]


def test_event_phase_must_belong_to_the_case(editor_client, libya_resolution_1973):
    factories.PhaseFactory(slug="elsewhere")  # another case's phase
    url = f"/api/events/{libya_resolution_1973.pk}/"
    response = editor_client.patch(url, {"phase_slug": "elsewhere", "version": 1}, content_type="application/json")
    assert response.status_code == 400
    assert "phase_slug" in response.json()
    factories.PhaseFactory(case=libya_resolution_1973.case, slug="uprising", name="Uprising")
    response = editor_client.patch(url, {"phase_slug": "uprising", "version": 1}, content_type="application/json")
    assert response.json()["phase"] == {"slug": "uprising", "name": "Uprising"}


def test_constraint_messages_are_the_admins(editor_client, libya_resolution_1973):
    payload = {
        "slug": "libya-2",
        "title": "Libya again",
        "country": "LY",
        "period_start": "2011-03-02",
        "period_start_precision": "month",
        "situation_type": "other",
    }
    response = editor_client.post("/api/cases/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "first day of the month" in response.json()["period_start"][0]


def test_editor_cannot_delete_whole_entries_but_a_superuser_can(client, editor, superuser, un_system):
    client.force_login(editor)
    assert client.delete("/api/actors/united-nations-security-council/").status_code == 403
    client.force_login(superuser)
    assert client.delete("/api/actors/united-nations-security-council/").status_code == 204


def test_deleting_a_record_still_referred_to_answers_409(client, superuser, libya_resolution_1973):
    client.force_login(superuser)
    response = client.delete("/api/cases/libya/")
    assert response.status_code == 409
    assert "Unpublish it instead" in response.json()["detail"]
    assert Event.objects.filter(pk=libya_resolution_1973.pk).exists()


def test_update_without_version_is_refused(editor_client, libya_resolution_1973):
    url = f"/api/events/{libya_resolution_1973.pk}/"
    response = editor_client.patch(url, {"title": "No version"}, content_type="application/json")
    assert response.status_code == 400
    assert "version" in response.json()
    assert Event.objects.get(pk=libya_resolution_1973.pk).title != "No version"


def test_two_editors_updating_the_same_event_the_second_gets_409(editor_client, editor, libya_resolution_1973):
    url = f"/api/events/{libya_resolution_1973.pk}/"
    read_by_both = editor_client.get(url).json()["version"]
    first = editor_client.patch(url, {"title": "First", "version": read_by_both}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == read_by_both + 1
    second = editor_client.patch(url, {"title": "Second", "version": read_by_both}, content_type="application/json")
    assert second.status_code == 409
    assert f"by {editor.username}" in second.json()["version"][0]
    assert Event.objects.get(pk=libya_resolution_1973.pk).title == "First"


def test_a_race_between_check_and_save_still_answers_409(editor_client, libya_resolution_1973, monkeypatch):
    """Someone saves after our version check passed but before our write: the model's own check catches it."""
    from atrocity.api.serializers import ValidatedModelSerializer

    original_validate = ValidatedModelSerializer.validate

    def validate_then_someone_saves(self, attrs):
        attrs = original_validate(self, attrs)
        Event.objects.filter(pk=libya_resolution_1973.pk).update(version=99)
        return attrs

    monkeypatch.setattr(ValidatedModelSerializer, "validate", validate_then_someone_saves)
    url = f"/api/events/{libya_resolution_1973.pk}/"
    response = editor_client.patch(url, {"title": "Late", "version": 1}, content_type="application/json")
    assert response.status_code == 409
    assert Event.objects.get(pk=libya_resolution_1973.pk).title != "Late"
