"""The comparison page: instruments by category, shared actors and the five factors, case by case."""

import pytest

pytestmark = pytest.mark.django_db


def test_matrix_counts_events_per_case_and_category_and_links_the_filtered_list(client, sample_cases):
    response = client.get("/compare/")
    legal = next(row for row in response.context["matrix"] if row["category"]["code"] == "legal")
    counts = {cell["case"].slug: cell["count"] for cell in legal["cells"]}
    assert counts == {"chechnya": 0, "rwanda": 0, "cote-divoire": 1, "libya": 3}
    assert 'href="/cases/libya/?category=legal#events"' in response.content.decode()


def test_matrix_links_lead_to_exactly_the_counted_events(client, sample_cases):
    page = client.get("/cases/libya/", {"category": "economic"})
    compare = client.get("/compare/")
    economic = next(row for row in compare.context["matrix"] if row["category"]["code"] == "economic")
    libya = next(cell for cell in economic["cells"] if cell["case"].slug == "libya")
    assert len(page.context["events"]) == libya["count"]


def test_actors_in_several_cases_are_listed_with_their_cases(client, sample_cases):
    response = client.get("/compare/")
    shared = {row["actor"].slug: row for row in response.context["shared_actors"]}
    assert "united-nations-security-council" in shared
    assert "government-of-libya" not in shared  # one case only
    assert 'href="/cases/rwanda/?actor=united-nations-security-council#events"' in response.content.decode()


def test_shared_actor_table_keeps_the_actors_in_most_cases_and_says_how_many_it_leaves_out(
    client, sample_cases, monkeypatch
):
    everyone = client.get("/compare/").context["shared_actors"]
    assert len(everyone) >= 2
    most_cases = max(sum(1 for cell in row["cells"] if cell["count"]) for row in everyone)
    monkeypatch.setattr("cases.views.SHARED_ACTORS_SHOWN", 1)
    response = client.get("/compare/")
    (shown,) = response.context["shared_actors"]
    assert sum(1 for cell in shown["cells"] if cell["count"]) == most_cases
    assert f"{len(everyone) - 1} more take part in several cases" in response.content.decode()


def test_five_factor_ratings_appear_as_table_and_chart_with_words(client, sample_cases):
    html = client.get("/compare/").content.decode()
    assert "Strength of international pressure" in html
    assert html.count("Strong") >= 4
    assert 'class="bar-fill" style="width: 100.0%"' in html
    assert ">Chechnya<" in html  # a case about a region is headed by the region, not the state


def test_compare_page_without_cases_still_renders(client, db):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert "No case study is published yet" in response.content.decode()


def test_compare_query_count_does_not_grow_with_events(
    client, django_assert_max_num_queries, sample_cases, make_events
):
    with django_assert_max_num_queries(6):
        client.get("/compare/")
    make_events(300)
    with django_assert_max_num_queries(6):
        assert client.get("/compare/").status_code == 200


def test_case_without_assessments_shows_not_assessed(client, sample_cases):
    from tests import factories

    factories.CaseStudyFactory(slug="unrated", title="Unrated case")
    response = client.get("/compare/")
    assert response.status_code == 200
    assert "not assessed" in response.content.decode()
