"""Every change is kept, with who and when, and can be reverted."""

import pytest
from django.contrib.auth.models import User

from cases.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def test_changing_an_event_records_a_history_entry():
    event = factories.EventFactory(title="Before")
    event.title = "After"
    event.save()
    titles = list(event.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Before", "After"]


def test_admin_edit_records_the_editor(editor_client, editor):
    event = factories.EventFactory(title="Before")
    url = f"/admin/cases/event/{event.pk}/change/"
    form = editor_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"title": "Edited in the admin", "date": event.date.isoformat()})
    for prefix in ("actor_links", "instrument_uses", "citations"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    latest = event.history.latest()
    assert latest.title == "Edited in the admin"
    assert latest.history_user == editor


def test_deleted_event_can_be_restored_from_history():
    event = factories.EventFactory(title="Restore me")
    pk = event.pk
    event.delete()
    record = Event.history.filter(id=pk).order_by("-history_date")[1]
    record.instance.save()
    assert Event.objects.get(pk=pk).title == "Restore me"


def test_history_page_is_visible_to_editors(editor_client):
    event = factories.EventFactory()
    response = editor_client.get(f"/admin/cases/event/{event.pk}/history/")
    assert response.status_code == 200
    assert event.title in response.content.decode()


def test_link_rows_have_history_too(libya_resolution_1973):
    link = libya_resolution_1973.actor_links.get()
    link.role = "supporter"
    link.save()
    assert link.history.count() == 2
    assert User.objects.count() == 0  # no user needed to record a change made outside a request


def test_editor_reverts_an_event_to_an_earlier_version_in_the_admin(editor_client):
    event = factories.EventFactory(title="Original title")
    event.title = "Mistaken edit"
    event.save()
    original = event.history.order_by("history_date").first()
    url = f"/admin/cases/event/{event.pk}/history/{original.history_id}/"
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "Original title" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    for prefix in ("actor_links", "instrument_uses", "citations"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Original title"
    assert event.history.latest().history_type == "~"
