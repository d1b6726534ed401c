"""Home, the case list and the about page: what a first-time reader sees."""

import pytest
from django.test import Client

from atrocity.content import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_shows_each_case_as_a_card_with_period_country_and_event_count(client, sample_cases):
    html = client.get("/").content.decode()
    assert 'href="/cases/libya/"' in html
    assert "Libya · February 2011 – October 2011" in html
    assert "11 events" in html
    assert "Côte d&#x27;Ivoire" in html


def test_home_explains_the_five_factors_and_offers_search(client, db):
    html = client.get("/").content.decode()
    for factor in ["Early involvement", "Presence on the ground", "Strength of international pressure"]:
        assert factor in html
    assert 'action="/search/"' in html


def test_home_hides_draft_cases_from_readers(db):
    factories.CaseStudyFactory(slug="secret", title="Unfinished case", status=PublicationStatus.DRAFT)
    assert "Unfinished case" not in Client().get("/").content.decode()


def test_case_cards_show_markdown_as_plain_text(client, db):
    factories.CaseStudyFactory(slug="md", summary="A *careful* summary.")
    html = client.get("/").content.decode()
    assert "A careful summary." in html


def test_case_list_links_the_api_and_csv(client, sample_cases):
    response = client.get("/cases/")
    html = response.content.decode()
    assert 'href="/api/cases/"' in html
    assert 'href="/api/cases/?format=csv"' in html
    assert client.get("/api/cases/").status_code == 200


def test_about_names_the_book_sourcing_citation_and_licence(client, db):
    html = client.get("/about/").content.decode()
    for anchor in ['id="book"', 'id="sourcing"', 'id="factors"', 'id="cite"', 'id="licence"']:
        assert anchor in html
    assert "Bieńczyk-Missala" in html
    for rating in ("Absent", "Weak", "Moderate", "Strong"):  # the five-factor rating scale is documented
        assert f"<td>{rating}</td>" in html


@pytest.mark.parametrize("url", ["/", "/cases/", "/about/", "/compare/", "/search/", "/actors/", "/instruments/"])
def test_list_pages_run_a_fixed_small_number_of_queries(client, sample_cases, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
