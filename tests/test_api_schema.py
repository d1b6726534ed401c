"""The OpenAPI document validates, names every filter with its type and values, and the API honours it.

The schemathesis run generates requests for every operation from the document (as an anonymous caller and as an
editor with a token) and checks that no answer is a 5xx and every answer matches the document. It is bounded by
`SCHEMATHESIS_EXAMPLES` examples per operation so it stays well under the CI budget.
"""

import pytest
import schemathesis
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from atrocity.wsgi import application

SCHEMATHESIS_EXAMPLES = 15


@pytest.fixture
def openapi(client, db) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_validates(openapi):
    validate(openapi)


def _parameters(openapi: dict, path: str) -> dict[str, dict]:
    return {parameter["name"]: parameter for parameter in openapi["paths"][path]["get"]["parameters"]}


def test_every_event_filter_is_in_the_schema_with_its_type_and_values(openapi):
    for path in ("/api/events/", "/api/cases/{slug}/timeline/"):
        parameters = _parameters(openapi, path)
        assert set(parameters) >= {
            "case", "actor", "instrument", "category", "event_type", "date_after", "date_before", "search",
            "ordering", "modified_after", "page", "page_size", "format",
        }  # fmt: skip
        assert parameters["case"]["schema"]["type"] == "array" and parameters["case"]["explode"] is True
        categories = ["diplomatic", "early_warning", "economic", "legal", "military"]
        assert parameters["category"]["schema"]["enum"] == categories
        assert parameters["ordering"]["schema"]["enum"] == ["-date", "date"]
        assert parameters["date_after"]["schema"] == {"type": "string", "format": "date"}
        assert parameters["modified_after"]["schema"] == {"type": "string", "format": "date-time"}
        assert parameters["page_size"]["schema"]["maximum"] == 1000
        assert "descendants" in parameters["actor"]["description"] or "organs" in parameters["actor"]["description"]


def test_every_list_filter_is_in_the_schema(openapi):
    expected = {
        "/api/actors/": {"kind", "parent", "case", "search", "modified_after"},
        "/api/instruments/": {"category", "nature", "prevention_type", "case", "actor", "search", "modified_after"},
        "/api/sources/": {"search", "modified_after"},
        "/api/cases/": {"modified_after"},
        "/api/hypotheses/": {"modified_after"},
        "/api/deletions/": {"since", "page", "page_size"},
    }
    for path, names in expected.items():
        assert set(_parameters(openapi, path)) >= names, path
    assert "enum" in _parameters(openapi, "/api/actors/")["kind"]["schema"]
    assert "enum" in _parameters(openapi, "/api/instruments/")["nature"]["schema"]


@pytest.fixture
def editor_token(db) -> str:
    user = User.objects.create_user("schema-editor")
    user.groups.add(Group.objects.get(name="editors"))
    return Token.objects.create(user=user).key


CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
BOUNDED = settings(
    max_examples=SCHEMATHESIS_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def keep_test_connection():
    """Keep the test's transaction open across WSGI calls, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_schemathesis(headers: dict) -> list[str]:
    """Generate bounded requests for every operation of the live document; return the failures found."""
    # Driven by hand rather than through schemathesis' pytest plugin, which does not support pytest 9 yet.
    api = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    failures = []
    for result in api.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @BOUNDED
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as error:  # each operation's first failure, reported together
            failures.append(f"{operation.label}: {str(error)[:2000]}")
    return failures


def test_anonymous_requests_conform_and_never_fail(db, libya_resolution_1973, keep_test_connection):
    failures = run_schemathesis({})
    assert not failures, "\n\n".join(failures)


def test_editor_requests_conform_and_never_fail(db, libya_resolution_1973, editor_token, keep_test_connection):
    failures = run_schemathesis({"Authorization": f"Token {editor_token}"})
    assert not failures, "\n\n".join(failures)
