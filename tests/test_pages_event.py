"""The event page: everything attached to one event, and links onward."""

import pytest
from django.test import Client

from atrocity.content import PublicationStatus
from cases.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def event_titled(title: str) -> Event:
    return Event.objects.get(title=title)


def test_event_page_shows_actors_instruments_sources_and_links_onward(client, sample_cases):
    event = event_titled("Security Council adopts resolution 1970")
    response = client.get(f"/events/{event.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "26 February 2011" in html
    assert 'href="/actors/united-nations-security-council/"' in html
    assert "Supporter" in html  # Russia's role
    assert 'href="/instruments/icc-referral/"' in html
    assert "Ch. X, 4" in html
    assert f'href="/cases/libya/#event-{event.pk}"' in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert f'href="/api/events/{event.pk}/"' in html


def test_event_page_says_how_precise_the_date_is(client, sample_cases):
    event = event_titled("Government forces advance on Benghazi")
    html = client.get(f"/events/{event.pk}/").content.decode()
    assert "March 2011" in html
    assert "only the month is known" in html


def test_event_page_shows_the_quote_that_states_the_fact(client, sample_cases):
    event = event_titled("Protests begin in Benghazi")
    html = client.get(f"/events/{event.pk}/").content.decode()
    assert "the international community reacted only after the violence had escalated" in html


def test_unknown_event_is_404(client, db):
    assert client.get("/events/123456/").status_code == 404


def test_absurdly_large_event_id_is_404_not_a_database_error(client, db):
    assert client.get("/events/99999999999999999999999999/").status_code == 404
    assert client.get("/events/999999999999999999/").status_code == 404


def test_draft_event_and_event_of_draft_case_are_404_for_readers(db):
    draft = factories.EventFactory(status=PublicationStatus.DRAFT)
    hidden_case = factories.CaseStudyFactory(slug="hidden", status=PublicationStatus.DRAFT)
    in_draft_case = factories.EventFactory(case=hidden_case)
    reader = Client()
    assert reader.get(f"/events/{draft.pk}/").status_code == 404
    assert reader.get(f"/events/{in_draft_case.pk}/").status_code == 404


def test_event_page_query_count_is_fixed(client, sample_cases, django_assert_max_num_queries):
    event = event_titled("Security Council adopts resolution 1970")
    with django_assert_max_num_queries(8):
        assert client.get(f"/events/{event.pk}/").status_code == 200
