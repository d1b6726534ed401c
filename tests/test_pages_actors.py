"""Actor pages: kinds with the hierarchy visible, and one actor's cases, events, instruments and sub-bodies."""

import pytest
from django.test import Client

from atrocity.content import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_actor_list_groups_by_kind_and_nests_organs_under_their_organisation(client, sample_cases):
    html = client.get("/actors/").content.decode()
    assert 'id="kind-international_org"' in html
    un = html.index('href="/actors/united-nations/"')
    council = html.index('href="/actors/united-nations-security-council/"')
    nested_list = html.index("<ul>", un)
    assert un < nested_list < council  # the Council sits in a list nested under the UN
    assert "UN organ" in html


def test_actor_page_shows_cases_events_instruments_and_sub_bodies(client, sample_cases):
    html = client.get("/actors/united-nations-security-council/").content.decode()
    assert 'href="/cases/libya/?actor=united-nations-security-council#events"' in html
    assert "Security Council authorises a no-fly zone" in html
    assert 'href="/instruments/arms-embargo/"' in html
    assert "Economic" in html  # category named in words, not colour alone
    assert 'href="/actors/united-nations/"' in html  # breadcrumb to its organisation
    assert "/api/events/?actor=united-nations-security-council&amp;format=csv" in html

    un = client.get("/actors/united-nations/").content.decode()
    assert "Organs and offices" in un
    assert 'href="/actors/united-nations-human-rights-council/"' in un


def test_unknown_and_draft_actors_are_404_for_readers(db):
    factories.ActorFactory(slug="hidden-actor", status=PublicationStatus.DRAFT)
    reader = Client()
    assert reader.get("/actors/nobody/").status_code == 404
    assert reader.get("/actors/hidden-actor/").status_code == 404


def test_draft_sub_body_is_not_listed_under_its_parent(client, sample_cases):
    un = sample_cases["un"]
    factories.ActorFactory(slug="secret-office", name="Secret Office", parent=un, status=PublicationStatus.DRAFT)
    assert "Secret Office" not in client.get("/actors/united-nations/").content.decode()
    assert "Secret Office" not in client.get("/actors/").content.decode()


def test_actor_page_query_count_does_not_grow_with_events(client, django_assert_max_num_queries, make_events):
    make_events(1)
    with django_assert_max_num_queries(ACTOR_PAGE_QUERIES):
        client.get("/actors/bulk-actor/")
    from tests.test_pages_case import make_events_more

    make_events_more(factories.CaseStudyFactory(slug="bulk-case"), 250)
    with django_assert_max_num_queries(ACTOR_PAGE_QUERIES):
        response = client.get("/actors/bulk-actor/")
    assert response.context["event_count"] == 251


ACTOR_PAGE_QUERIES = 10
