"""Editors curate every content model in the admin, and cannot manage users."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from actors.models import Actor
from cases.models import CaseStudy, Event
from tests import factories

pytestmark = pytest.mark.django_db

CONTENT_APPS = {"actors", "instruments", "cases"}
CONTENT_MODELS = [model for model in admin.site._registry if model._meta.app_label in CONTENT_APPS]


def test_every_content_model_is_registered():
    names = {model._meta.model_name for model in CONTENT_MODELS}
    assert names == {
        "actor", "membership", "instrument", "capability", "casestudy", "phase", "source", "event",
        "eventactor", "instrumentuse", "figure", "factorassessment", "citation", "hypothesis", "hypothesisfinding",
    }  # fmt: skip


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_editor_gets_changelist_add_change_and_history_pages(editor_client, one_of_everything, model):
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    obj = model.objects.first()
    for url in (base, f"{base}?q=a", f"{base}add/", f"{base}{obj.pk}/change/", f"{base}{obj.pk}/history/"):
        assert editor_client.get(url).status_code == 200, url


def test_editor_cannot_manage_users(editor_client, superuser):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get(f"/admin/auth/user/{superuser.pk}/change/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editor_cannot_delete_whole_entries_but_can_remove_links(editor):
    assert editor.has_perm("cases.change_event")
    assert not editor.has_perm("cases.delete_event")
    assert editor.has_perm("cases.delete_eventactor")
    assert not editor.has_perm("auth.change_user")


def test_staff_without_group_sees_nothing(client):
    user = User.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/cases/event/").status_code == 403


def test_bad_input_in_the_admin_is_an_error_message_not_a_500(editor_client):
    response = editor_client.post(
        "/admin/actors/actor/add/", {"name": "Bad", "slug": "not a slug!", "kind": "state", "status": "draft"}
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not Actor.objects.filter(name="Bad").exists()


def inline_management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_editor_builds_a_case_with_a_month_precision_event_entirely_in_the_admin(editor_client):
    response = editor_client.post(
        "/admin/cases/casestudy/add/",
        {
            "title": "Libya 2011",
            "slug": "libya",
            "country": "LY",
            "period_start": "2011-02-01",
            "period_start_precision": "month",
            "period_end_precision": "day",
            "situation_type": "overthrow_of_dictatorship",
            "status": "published",
            **inline_management("phases", 0),
            **inline_management("factor_assessments", 0),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    council = factories.ActorFactory(slug="united-nations-security-council", name="Security Council")
    arab_league = factories.ActorFactory(slug="league-of-arab-states", name="League of Arab States")
    instrument = factories.InstrumentFactory(slug="arms-embargo", name="Arms embargo", category="economic")
    source = factories.SourceFactory(key="s-res-1970-2011", symbol="S/RES/1970 (2011)")
    case = CaseStudy.objects.get(slug="libya")

    response = editor_client.post(
        "/admin/cases/event/add/",
        {
            "key": "libya-2011-03-council-measures",
            "case": case.pk,
            "date": "2011-03-01",
            "date_precision": "month",
            "end_date_precision": "day",
            "title": "Council measures on Libya",
            "event_type": "sanction",
            "status": "published",
            **inline_management("actor_links", 2),
            "actor_links-0-actor": council.pk,
            "actor_links-0-role": "initiator",
            "actor_links-1-actor": arab_league.pk,
            "actor_links-1-role": "supporter",
            **inline_management("instrument_uses", 1),
            "instrument_uses-0-instrument": instrument.pk,
            "instrument_uses-0-actor": council.pk,
            **inline_management("citations", 1),
            "citations-0-source": source.pk,
            "citations-0-locator": "para. 9",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get(key="libya-2011-03-council-measures")
    assert event.date_label == "March 2011"
    assert {(link.actor.slug, link.role) for link in event.actor_links.all()} == {
        ("united-nations-security-council", "initiator"),
        ("league-of-arab-states", "supporter"),
    }
    use = event.instrument_uses.get()
    assert (use.instrument.slug, use.actor.slug) == ("arms-embargo", "united-nations-security-council")
    assert event.citations.get().locator == "para. 9"


def test_admin_rejects_day_in_month_precision_event(editor_client):
    case = factories.CaseStudyFactory()
    response = editor_client.post(
        "/admin/cases/event/add/",
        {
            "key": "bad-date",
            "case": case.pk,
            "date": "2011-03-17",
            "date_precision": "month",
            "end_date_precision": "day",
            "title": "Bad",
            "event_type": "other",
            "status": "draft",
            **inline_management("actor_links", 0),
            **inline_management("instrument_uses", 0),
            **inline_management("citations", 0),
        },
    )
    assert response.status_code == 200
    assert "first day of the month" in str(response.context["adminform"].form.errors)
    assert not Event.objects.filter(key="bad-date").exists()


def test_editors_group_survives_a_database_flush(db):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("flush", "--noinput", verbosity=0)
    assert Group.objects.get(name="editors").permissions.filter(codename="change_event").exists()
