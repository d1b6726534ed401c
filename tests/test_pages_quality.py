"""What every public page promises: language, one h1, no CDN, working data links, and 404/400 instead of 500."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from cases.models import Event

pytestmark = pytest.mark.django_db


def page_urls() -> list[str]:
    event = Event.objects.get(title="Security Council adopts resolution 1970")
    return [
        "/",
        "/cases/",
        "/cases/libya/",
        "/cases/rwanda/?category=military",
        f"/events/{event.pk}/",
        "/actors/",
        "/actors/united-nations-security-council/",
        "/instruments/",
        "/instruments/arms-embargo/",
        "/compare/",
        "/search/?q=Security+Council",
        "/about/",
    ]


def test_every_page_has_a_language_one_h1_and_a_skip_link(client, sample_cases):
    for url in page_urls():
        html = client.get(url).content.decode()
        assert '<html lang="en-GB">' in html, url
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert 'href="#main"' in html, url


def test_no_page_loads_anything_from_another_host(client, sample_cases):
    for url in page_urls():
        html = client.get(url).content.decode()
        external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', html)
        assert external == [], url


def test_every_image_has_alt_text(client, sample_cases):
    for url in page_urls():
        html = client.get(url).content.decode()
        assert all("alt=" in tag for tag in re.findall(r"<img[^>]*>", html)), url


def test_data_links_on_pages_answer(client, sample_cases):
    for url in page_urls():
        response = client.get(url)
        for link in filter(None, [response.context.get("api_url"), response.context.get("csv_url")]):
            answer = client.get(link)
            assert answer.status_code == 200, f"{url} links {link}: {answer.status_code}"
            if "format=csv" in link:
                assert answer["Content-Type"].startswith("text/csv"), link


def test_current_section_is_marked_in_the_navigation(client, sample_cases):
    html = client.get("/instruments/").content.decode()
    assert 'href="/instruments/" aria-current="page"' in html


def test_stylesheets_are_served_by_the_app(client):
    assert finders.find("css/site.css")
    assert finders.find("css/print.css")


def test_print_stylesheet_hides_navigation_and_filters():
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    for selector in [".site-header", ".filters"]:
        assert selector in css


def test_unknown_address_renders_the_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/cases/libya/?date_after=2011-13-45",
        "/cases/libya/?category=bogus",
        "/cases/libya/?date_after=2011-02-15&date_before=%00",
        "/search/?q=%00",
        "/cases/%00/",
        "/events/-1/",
        "/events/abc/",
        "/actors/%E2%80%A2/",
        "/instruments/a%2Fb/",
    ],
)
def test_malformed_addresses_are_4xx_never_500(client, sample_cases, url):
    assert client.get(url).status_code in (400, 404)
