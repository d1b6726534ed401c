"""API abuse: anonymous and signed-in callers are throttled separately, with a 429 that says when to retry."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limits(monkeypatch):
    # DRF reads the rates into the throttle classes at import; the settings' env-driven rates are the defaults.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})


def test_anonymous_callers_are_throttled(client, low_limits):
    assert [client.get("/api/cases/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/cases/")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower() or "request" in response.json()["detail"].lower()


def test_signed_in_users_have_their_own_higher_limit(client, editor, low_limits):
    client.force_login(editor)
    statuses = [client.get("/api/cases/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_default_rates_come_from_the_environment(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates == {"anon": "600/minute", "user": "3000/minute"}


def test_a_limit_can_be_switched_off(monkeypatch):
    from atrocity.env import env_rate

    monkeypatch.setenv("API_THROTTLE_ANON", "off")
    assert env_rate("API_THROTTLE_ANON", default="600/minute") is None
    monkeypatch.setenv("API_THROTTLE_ANON", "60/minute")
    assert env_rate("API_THROTTLE_ANON", default="600/minute") == "60/minute"
