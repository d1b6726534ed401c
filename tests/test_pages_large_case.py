"""A case with more events than a page can show lists its first 1,000, says so, and stays fast."""

from cases.views import CASE_PAGE_EVENTS


def test_case_page_lists_the_first_thousand_events_and_says_so(client, make_events, django_assert_max_num_queries):
    events = make_events(CASE_PAGE_EVENTS + 5)
    with django_assert_max_num_queries(20):
        response = client.get(f"/cases/{events[0].case.slug}/")
    assert response.status_code == 200
    assert len(response.context["events"]) == CASE_PAGE_EVENTS
    assert response.context["events"][-1].pk == events[CASE_PAGE_EVENTS - 1].pk  # oldest first
    assert "Showing the first 1000 events" in response.content.decode()


def test_a_small_case_page_lists_every_event(client, make_events):
    events = make_events(12)
    response = client.get(f"/cases/{events[0].case.slug}/")
    assert len(response.context["events"]) == 12
    assert "Showing the first" not in response.content.decode()
