"""Instrument pages: the typology by category, and where, by whom and how well an instrument was used."""

import pytest
from django.test import Client

from atrocity.content import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_instrument_list_groups_by_category_with_nature_and_prevention_type(client, sample_cases):
    html = client.get("/instruments/").content.decode()
    economic = html.index('id="category-economic"')
    legal = html.index('id="category-legal"')
    assert economic < html.index('href="/instruments/arms-embargo/"') < legal
    assert "Confrontational" in html
    assert "Operational" in html


def test_instrument_page_shows_where_and_by_whom_it_was_used_and_its_effect(client, sample_cases):
    html = client.get("/instruments/arms-embargo/").content.decode()
    assert "Most effective when monitored".lower() in html.lower()
    assert 'href="/cases/libya/?instrument=arms-embargo#events"' in html
    assert 'href="/cases/rwanda/?instrument=arms-embargo#events"' in html
    assert 'href="/actors/united-nations-security-council/"' in html
    assert "Who has it at their disposal" in html
    assert "/api/events/?instrument=arms-embargo&amp;format=csv" in html


def test_unknown_and_draft_instruments_are_404_for_readers(db):
    factories.InstrumentFactory(slug="hidden-tool", status=PublicationStatus.DRAFT)
    reader = Client()
    assert reader.get("/instruments/nothing/").status_code == 404
    assert reader.get("/instruments/hidden-tool/").status_code == 404


def test_instrument_page_query_count_does_not_grow_with_uses(client, django_assert_max_num_queries, make_events):
    make_events(1)
    with django_assert_max_num_queries(6):
        client.get("/instruments/bulk-instrument/")
    from tests.test_pages_case import make_events_more

    make_events_more(factories.CaseStudyFactory(slug="bulk-case"), 250)
    with django_assert_max_num_queries(6):
        response = client.get("/instruments/bulk-instrument/")
    assert response.context["use_count"] == 251
