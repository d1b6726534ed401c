"""The case page: the book's model in order, the timeline, filters that work without JavaScript, and errors."""

import datetime

import pytest
from django.test import Client

from atrocity.content import PublicationStatus
from cases.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def test_case_page_follows_the_books_model_in_order(client, sample_cases):
    html = client.get("/cases/libya/").content.decode()
    headings = ["Summary", "Context", "Timeline", "Events", "Key figures", "Five factors", "Results and evaluation"]
    positions = [html.index(f'">{heading}') for heading in headings]
    assert positions == sorted(positions)
    assert html.count("<h1") == 1


def test_every_event_shows_its_actors_instruments_and_sources_with_locators(client, sample_cases):
    html = client.get("/cases/libya/").content.decode()
    assert "Security Council adopts resolution 1970" in html
    assert 'href="/actors/united-nations-security-council/"' in html
    assert 'href="/instruments/arms-embargo/"' in html
    assert "Ch. X, 4" in html  # the locator of the fourth event's citation


def test_month_precision_is_shown_honestly(client, sample_cases):
    html = client.get("/cases/libya/").content.decode()
    assert "March 2011</time>" in html
    assert "day not known" in html
    assert "tl-mark--approx" in html  # drawn as a hatched span on the timeline


def test_timeline_places_events_in_category_lanes(client, sample_cases):
    response = client.get("/cases/libya/")
    timeline = response.context["timeline"]
    lanes = {lane.category: lane for lane in timeline.lanes}
    assert len(lanes["legal"].marks) == 3
    assert all(0 <= mark.left <= 100 for lane in timeline.lanes for mark in lane.marks)
    assert 'data-category="military"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected", "absent"),
    [
        ({"category": "legal"}, "ICC issues arrest warrants", "Protests begin in Benghazi"),
        ({"event_type": "armed_conflict"}, "Opposition forces take Tripoli", "ICC issues arrest warrants"),
        ({"date_after": "2011-06-01"}, "Muammar Gaddafi killed", "Protests begin in Benghazi"),
        ({"date_before": "2011-02-20"}, "Protests begin in Benghazi", "Muammar Gaddafi killed"),
        ({"instrument": "no-fly-zone"}, "Security Council authorises a no-fly zone", "Protests begin in Benghazi"),
        ({"search": "Tripoli"}, "Opposition forces take Tripoli", "Muammar Gaddafi killed"),
    ],
)
def test_filters_use_the_api_parameter_names(client, sample_cases, params, expected, absent):
    response = client.get("/cases/libya/", params)
    assert response.status_code == 200
    titles = [event.title for event in response.context["events"]]
    assert expected in titles
    assert absent not in titles


def test_actor_filter_includes_sub_bodies(client, sample_cases):
    response = client.get("/cases/libya/", {"actor": "united-nations"})
    titles = [event.title for event in response.context["events"]]
    assert "Security Council authorises a no-fly zone" in titles  # the Council is an organ of the UN


def test_filtered_timeline_shows_only_the_filtered_events(client, sample_cases):
    response = client.get("/cases/libya/", {"category": "military"})
    lanes = {lane.category: lane for lane in response.context["timeline"].lanes}
    assert lanes["legal"].marks == []
    assert len(lanes["military"].marks) == 2


def test_filter_form_keeps_the_chosen_values_and_links_csv_with_them(client, sample_cases):
    html = client.get("/cases/libya/", {"category": "legal", "date_after": "2011-03-01"}).content.decode()
    assert '<option value="legal" selected>' in html
    assert 'value="2011-03-01"' in html
    assert "/api/events/?case=libya&amp;category=legal&amp;date_after=2011-03-01&amp;format=csv" in html


def test_case_parameter_cannot_switch_the_case(client, sample_cases):
    response = client.get("/cases/libya/", {"case": "rwanda"})
    shown = [event.pk for event in response.context["events"]]
    assert shown and set(Event.objects.filter(pk__in=shown).values_list("case__slug", flat=True)) == {"libya"}


@pytest.mark.parametrize(
    "params",
    [
        {"date_after": "2011-13-45"},
        {"date_before": "yesterday"},
        {"category": "bogus"},
        {"event_type": "party"},
        {"actor": "no-such-actor"},
        {"instrument": "no-such-instrument"},
        {"search": "nul\x00byte"},
    ],
)
def test_malformed_filter_values_answer_400_naming_the_parameter(client, sample_cases, params):
    response = client.get("/cases/libya/", params)
    assert response.status_code == 400
    assert f"<code>{next(iter(params))}</code>" in response.content.decode()


def test_empty_filter_values_are_ignored(client, sample_cases):
    response = client.get("/cases/libya/", {"category": "", "date_after": "", "actor": ""})
    assert response.status_code == 200
    assert len(response.context["events"]) == 11


def test_unknown_case_is_404(client, db):
    assert client.get("/cases/atlantis/").status_code == 404


def test_draft_case_is_404_for_anonymous_readers_but_visible_to_editors(editor_client, db):
    factories.CaseStudyFactory(slug="draft-case", status=PublicationStatus.DRAFT)
    assert Client().get("/cases/draft-case/").status_code == 404
    response = editor_client.get("/cases/draft-case/")
    assert response.status_code == 200
    assert "only editors can see it" in response.content.decode()


def test_draft_events_are_hidden_from_the_case_page(client, sample_cases):
    case = sample_cases["cases"]["libya"]["case"]
    factories.EventFactory(case=case, title="Unpublished rumour", status=PublicationStatus.DRAFT)
    html = client.get("/cases/libya/").content.decode()
    assert "Unpublished rumour" not in html


def test_descriptions_render_markdown_and_drop_scripts(client, db):
    case = factories.CaseStudyFactory(slug="md", summary="Some *emphasis* <script>alert(1)</script>")
    factories.EventFactory(case=case, description="[link](javascript:alert(1)) and **bold**")
    html = client.get("/cases/md/").content.decode()
    assert "<em>emphasis</em>" in html
    assert "<strong>bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:alert" not in html


def test_case_page_query_count_does_not_grow_with_events(client, django_assert_max_num_queries, make_events):
    case = factories.CaseStudyFactory(slug="bulk-case")
    make_events(1, case=case)
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        assert client.get("/cases/bulk-case/").status_code == 200
    make_events_more(case, 250)
    with django_assert_max_num_queries(CASE_PAGE_QUERIES):
        response = client.get("/cases/bulk-case/", {"category": "economic"})
    assert response.status_code == 200
    assert len(response.context["events"]) == 251


# Case, phases, figures (+ citations), assessments (+ citations), events and their four prefetches, filter choices,
# and the filter validations: a fixed number whatever the number of events.
CASE_PAGE_QUERIES = 14


def make_events_more(case, n):
    """Add n more events like `make_events` does, linked to the same actor, instrument and source."""
    from cases.models import Citation, Event, EventActor, InstrumentUse

    actor = factories.ActorFactory(slug="bulk-actor")
    instrument = factories.InstrumentFactory(slug="bulk-instrument", category="economic")
    source = factories.SourceFactory(key="bulk-source")
    events = Event.objects.bulk_create(
        Event(
            key=f"more-{i}",
            case=case,
            date=datetime.date(2001, 1, 1) + datetime.timedelta(days=i),
            date_precision="day",
            title=f"More {i}",
            event_type="statement",
            status="published",
        )
        for i in range(n)
    )
    EventActor.objects.bulk_create(EventActor(event=e, actor=actor) for e in events)
    InstrumentUse.objects.bulk_create(InstrumentUse(event=e, instrument=instrument, actor=actor) for e in events)
    Citation.objects.bulk_create(Citation(event=e, source=source, locator="p. 2") for e in events)
