"""How a filter set is set up: one form class for the public, shared safely; choices still follow the reader."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import RequestFactory

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
