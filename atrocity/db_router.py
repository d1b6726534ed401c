"""Send reads to an optional read replica, and everything that must see the latest data to the primary.

Active only when DATABASE_REPLICA_URL is set (settings.py then adds the `replica` alias and this router).
Writes, reads inside a transaction, and every read made while serving an editor or an unsafe request go to
the primary, so nobody reads back stale data right after saving.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_pinned_to_primary: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES or _pinned_to_primary.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PinPrimaryMiddleware:
    """Pin the request to the primary for unsafe methods and signed-in users (editors read their writes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pin = request.method not in ("GET", "HEAD", "OPTIONS") or "sessionid" in request.COOKIES
        pin = pin or "HTTP_AUTHORIZATION" in request.META
        token = _pinned_to_primary.set(pin)
        try:
            return self.get_response(request)
        finally:
            _pinned_to_primary.reset(token)
