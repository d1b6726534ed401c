"""How a filter set is set up: one form class for the public, shared safely; choices still follow the reader."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.filtersets import EventFilterSet
from tests import factories

pytestmark = pytest.mark.django_db


def _filter_set(query: str, user=None) -> EventFilterSet:
    request = RequestFactory().get(f"/api/events/?{query}")
    request.user = user or AnonymousUser()
    return EventFilterSet(QueryDict(query), request=request)


def test_public_readers_share_one_form_class_and_editors_get_their_own(editor):
    first, second = _filter_set("case=a").get_form_class(), _filter_set("case=b").get_form_class()
    assert first is second
    assert _filter_set("case=a", editor).get_form_class() is not first


def test_each_filter_set_has_its_own_filters_bound_to_itself():
    one, other = _filter_set(""), _filter_set("")
    for name, filter_ in one.filters.items():
        assert filter_ is not other.filters[name]
        assert filter_.parent is one and other.filters[name].parent is other
        assert filter_.extra is not EventFilterSet.base_filters[name].extra
    assert not hasattr(EventFilterSet.base_filters["case"], "parent")


@pytest.mark.parametrize("editor_first", [True, False])
def test_a_draft_case_is_a_valid_choice_for_editors_only_whoever_asked_first(client, editor, editor_first):
    factories.CaseStudyFactory(slug="draft-case", status="draft")
    factories.CaseStudyFactory(slug="public-case")
    url = "/api/events/?case=draft-case"
    asks = [("editor", 200), ("public", 400)]
    for who, status in asks if editor_first else asks[::-1]:
        if who == "editor":
            client.force_login(editor)
        else:
            client.logout()
        response = client.get(url)
        assert response.status_code == status, (who, response.content[:200])
    client.logout()
    assert client.get("/api/events/?case=public-case").status_code == 200


def test_a_renamed_or_unpublished_case_is_a_valid_choice_at_once(client):
    case = factories.CaseStudyFactory(slug="before")
    assert client.get("/api/events/?case=before").status_code == 200
    case.slug = "after"
    case.save()
    assert client.get("/api/events/?case=before").status_code == 400
    assert client.get("/api/events/?case=after").status_code == 200
    case.status = "draft"
    case.save()
    response = client.get("/api/events/?case=after")
    assert response.status_code == 400
    assert "after" in response.json()["case"][0]


def _slug_reads(client, url: str) -> list[str]:
    """The queries of one request that read slugs and ids of a whole table (the filter's choices)."""
    with CaptureQueriesContext(connection) as request:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in request.captured_queries if '"slug", ' in query["sql"].split("FROM")[0]]


def test_slugs_are_read_once_per_content_version(client):
    factories.CaseStudyFactory(slug="one")
    factories.ActorFactory(slug="someone")
    url = "/api/events/?case=one&actor=someone"
    _slug_reads(client, url)
    assert _slug_reads(client, url) == []
    factories.ActorFactory(slug="someone-else")  # an edit: the next request reads them again
    reads = _slug_reads(client, url)
    assert len(reads) == 2 and "cases_casestudy" in reads[0] + reads[1] and "actors_actor" in reads[0] + reads[1]


def test_public_forms_share_fields_but_not_their_results():
    invalid, valid = _filter_set("date_after=not-a-date"), _filter_set("date_after=2011-02-15")
    assert invalid.form.fields["date_after"] is valid.form.fields["date_after"]
    assert not invalid.is_valid()
    assert valid.is_valid(), valid.errors
    assert str(valid.form.cleaned_data["date_after"]) == "2011-02-15"
    assert "date_after" in invalid.errors and not valid.errors


def test_editors_forms_have_their_own_fields(editor):
    assert _filter_set("", editor).form.fields["case"] is not _filter_set("", editor).form.fields["case"]
