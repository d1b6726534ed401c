"""The optional read replica: anonymous reads go to it; writes, transactions and editors use the primary."""

import pytest
from django.db import connections, transaction
from django.test import RequestFactory

from actors.models import Actor
from atrocity.db_router import PinPrimaryMiddleware, PrimaryReplicaRouter


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    return PrimaryReplicaRouter()


def test_reads_go_to_the_replica_when_one_is_configured(with_replica):
    assert with_replica.db_for_read(Actor) == "replica"
    assert with_replica.db_for_write(Actor) == "default"


def test_without_a_replica_everything_uses_the_primary():
    assert PrimaryReplicaRouter().db_for_read(Actor) == "default"


def test_migrations_run_only_on_the_primary(with_replica):
    assert with_replica.allow_migrate("default", "actors")
    assert not with_replica.allow_migrate("replica", "actors")


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_use_the_primary(with_replica):
    with transaction.atomic():
        assert connections["default"].in_atomic_block
        assert with_replica.db_for_read(Actor) == "default"


@pytest.mark.parametrize(
    ("method", "cookies", "expected"),
    [("get", {}, "replica"), ("post", {}, "default"), ("get", {"sessionid": "x"}, "default")],
)
def test_unsafe_or_signed_in_requests_are_pinned_to_the_primary(with_replica, method, cookies, expected):
    seen = []
    middleware = PinPrimaryMiddleware(lambda request: seen.append(with_replica.db_for_read(Actor)))
    request = getattr(RequestFactory(), method)("/")
    request.COOKIES.update(cookies)
    middleware(request)
    assert seen == [expected]
    assert with_replica.db_for_read(Actor) == "replica"  # the pin ends with the request
