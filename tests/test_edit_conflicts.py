"""Two editors saving the same entry: the second save is refused with a clear message, never lost silently."""

import pytest

from atrocity.content import EditConflict
from cases.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def test_saving_a_stale_copy_raises_and_keeps_the_first_save():
    event = factories.EventFactory(title="Original")
    first, second = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)
    first.title = "First editor"
    first.save()
    second.title = "Second editor"
    with pytest.raises(EditConflict, match="changed by someone else"):
        second.save()
    assert Event.objects.get(pk=event.pk).title == "First editor"


def test_each_save_raises_the_version():
    event = factories.EventFactory()
    assert event.version == 1
    event.save()
    event.save()
    assert Event.objects.get(pk=event.pk).version == 3


def admin_post_data(client, url: str) -> dict:
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    for prefix in ("actor_links", "instrument_uses", "citations"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_second_editor_in_the_admin_gets_a_conflict_message(editor_client, editor, client, django_user_model):
    event = factories.EventFactory(title="Original")
    url = f"/admin/cases/event/{event.pk}/change/"
    other = django_user_model.objects.create_user("other-editor", password="x", is_staff=True)
    other.groups.set(editor.groups.all())
    client.force_login(other)

    mine, theirs = admin_post_data(editor_client, url), admin_post_data(client, url)
    theirs["title"] = "Saved first by the other editor"
    assert client.post(url, theirs).status_code == 302

    mine["title"] = "My late edit"
    response = editor_client.post(url, mine)
    assert response.status_code == 200
    assert "Someone else saved this event by other-editor" in response.content.decode()
    assert Event.objects.get(pk=event.pk).title == "Saved first by the other editor"
