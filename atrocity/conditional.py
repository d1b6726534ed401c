"""ETag, Last-Modified and conditional GET (304) for every API read, so harvesters can poll cheaply.

Every content change made through the ORM (create, update, delete) writes a django-simple-history record, so the
newest `history_date` over all history tables is the version of the whole knowledge base. One query reads it;
when a client's ETag or date still matches, the answer is 304 before any other query runs.
"""

import contextlib
import datetime
import functools
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar

from django.apps import apps
from django.db import connection
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag
from simple_history.models import HistoricalChanges

from atrocity.prepared import execute_prepared

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@functools.cache
def _version_query() -> str:
    """The newest change over every history table (the same on SQLite and PostgreSQL, so made once)."""
    tables = [
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and any(f.name == "history_date" for f in model._meta.fields)
    ]
    quote = connection.ops.quote_name
    union = " UNION ALL ".join(f"SELECT MAX(history_date) AS changed FROM {quote(table)}" for table in tables)
    return f"SELECT MAX(changed) FROM ({union}) AS versions"  # noqa: S608 - table names, no input


# The version an API read (GET or HEAD) started at, for everything else that read asks it (planner estimates, the
# actor tree): one query per request instead of up to three. The answer is as of that version, as its ETag says.
_READ_AT: ContextVar[datetime.datetime | None] = ContextVar("read_at", default=None)


def content_version() -> datetime.datetime:
    """When any content last changed (creation, edit or deletion); a fixed old date for an empty database.

    On PostgreSQL the query is prepared once per connection: planning its fifteen-table union took several times
    longer than running it (index-only reads of each table's newest row), on every API request.
    """
    known = _READ_AT.get()
    if known is not None:
        return known
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_version_query())
        else:
            execute_prepared(connection, cursor, "content_version", _version_query())
        (value,) = cursor.fetchone()
    if isinstance(value, str):  # SQLite returns the stored text
        value = parse_datetime(value)
    if value is None:
        return EPOCH
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


class KeptPerVersion:
    """Values worked out from the content (planner estimates, compiled filters), kept per process until it changes.

    Each value is kept under its database, the current content version and its key, so every edit makes the old
    ones unreachable; the least recently used go when more than `size` are kept.
    """

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict = OrderedDict()

    def get(self, db: str, key: Hashable, make: Callable):
        """The value kept under this key for the current content version, made (and kept) when there is none."""
        versioned = (db, content_version(), key)
        value = self._values.get(versioned, _NOT_KEPT)
        if value is _NOT_KEPT:
            value = self._values[versioned] = make()
            if len(self._values) > self.size:
                self._values.popitem(last=False)
        else:
            with contextlib.suppress(KeyError):  # another thread may have just evicted it
                self._values.move_to_end(versioned)
        return value


_NOT_KEPT = object()


def _etag(request, version: datetime.datetime) -> str:
    """A validator for this URL, this caller's view of the content and the negotiated format, at this version."""
    user = getattr(request, "user", None)
    parts = [
        version.isoformat(),
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
        request.META.get("HTTP_AUTHORIZATION", ""),
        str(user.pk) if user is not None and user.is_authenticated else "",
    ]
    return quote_etag(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32])


class ConditionalGetMixin:
    """For an APIView: ETag and Last-Modified on every successful GET, 304 when the client's copy is current."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        version = content_version()
        etag = _etag(request, version)
        last_modified = int(version.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        read = _READ_AT.set(version)
        try:
            response = not_modified or super().dispatch(request, *args, **kwargs)
        finally:
            _READ_AT.reset(read)
        if response.status_code in (200, 304):
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        return response
