"""The events CSV at tens of thousands of rows per second, with exactly the columns and values of the serializer.

Serializing a million events through EventSerializer builds some ten million model instances and field objects
(about a thousand rows per second). Here the events come as plain tuples through one server-side cursor, and
each chunk's actors, instruments and sources as (event id, slug) pairs in three queries, so the cost per row is a
few dictionary look-ups. Memory stays flat: one chunk at a time. tests/test_api_csv_export.py checks that the
output is byte for byte the serializer's.
"""

import csv
import io
import queue
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.db import connection, connections
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from rest_framework import serializers

from atrocity.dates import format_partial_range
from atrocity.renderers import FORMULA_STARTS, csv_columns
from cases.models import Citation
from cases.selectors import visible_event_links

CHUNK_SIZE = 5000
EVENT_FIELDS = (
    "id", "key", "case__slug", "phase__slug", "date", "date_precision", "end_date", "end_date_precision", "title",
    "description", "event_type", "editor_note", "status", "modified_at", "version",
)  # fmt: skip
_PLACEHOLDER = 987654321
_DATETIME = serializers.DateTimeField()


def _timestamp(value) -> str:
    """A date-time as DRF writes it ("...Z" for UTC), without DRF's per-value overhead in the common case."""
    if value is not None and value.utcoffset() is not None and not value.utcoffset():
        return value.isoformat().removesuffix("+00:00") + "Z"
    return _DATETIME.to_representation(value) if value is not None else ""


def _url_maker(request, view_name: str, *, kwargs: dict | None = None, args: list | None = None):
    """A function id -> absolute URL, reversing once (None when the URL is not mounted)."""
    try:
        path = reverse(view_name, kwargs=kwargs, args=args)
    except NoReverseMatch:
        return None
    url = request.build_absolute_uri(path) if request is not None else path
    before, after = url.split(str(_PLACEHOLDER), 1)
    return lambda pk: f"{before}{pk}{after}"


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[int, str]:
    """(event id, slug) pairs in link order -> 'slug;slug' per event."""
    slugs: dict[int, list[str]] = defaultdict(list)
    for event_id, slug in pairs:
        slugs[event_id].append(slug)
    return {event_id: ";".join(values) for event_id, values in slugs.items()}


def _chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pairs(links: QuerySet, ids: list[int], slug: str) -> list[tuple[int, str]]:
    """(event id, slug) of the links of these events, in link order, straight from the cursor.

    On PostgreSQL the ids go as one array parameter (binding 2,000 IN-list parameters costs more than the query
    takes), and rows skip the ORM's per-row machinery: the query is the ORM's, only the reading is raw.
    """
    if connection.vendor != "postgresql":
        return list(links.filter(event_id__in=ids).values_list("event_id", slug))
    table = links.model._meta.db_table
    query = links.extra(where=[f'"{table}"."event_id" = ANY(%s)'], params=[ids]).values_list("event_id", slug)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetched_chunks(events: QuerySet, user) -> Iterator[tuple[list[tuple], dict, dict, dict]]:
    """Each chunk of event rows with its actors, instruments and sources as 'slug;slug' per event id."""
    actor_links, instrument_uses = visible_event_links(user)
    citations = Citation.objects.order_by("id")
    rows = events.prefetch_related(None).values_list(*EVENT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows):
        ids = [row[0] for row in chunk]
        actors = _grouped(_pairs(actor_links, ids, "actor__slug"))
        instruments = _grouped(_pairs(instrument_uses, ids, "instrument__slug"))
        sources = _grouped(_pairs(citations, ids, "source__key"))
        yield chunk, actors, instruments, sources


def _ahead(items: Iterator, depth: int = 2) -> Iterator:
    """Produce the items in a thread, `depth` ahead of the consumer: the database works while Python writes CSV.

    The thread has its own database connection and closes it; if the client goes away the thread stops too.
    """
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop, finished = threading.Event(), object()

    def produce():
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        handoff.put(item, timeout=1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            handoff.put(finished)
        except Exception as error:  # handed to the consumer, which raises it
            handoff.put(error)
        finally:
            connections.close_all()

    threading.Thread(target=produce, daemon=True).start()
    try:
        while (item := handoff.get()) is not finished:
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        stop.set()


def event_record_chunks(events: QuerySet, user, request) -> Iterator[list[dict]]:
    """Flat CSV records, as `atrocity.renderers.flatten` makes them, a chunk of events at a time."""
    api_url = _url_maker(request, "api:event-detail", kwargs={"pk": _PLACEHOLDER})
    html_url = _url_maker(request, "cases:event", args=[_PLACEHOLDER])
    fetched = _fetched_chunks(events, user)
    # In a transaction (tests) another connection would not see its rows: fetch in line.
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        fetched = _ahead(fetched)
    for chunk, actors, instruments, sources in fetched:
        yield [_record(row, actors, instruments, sources, api_url, html_url) for row in chunk]


def event_records(events: QuerySet, user, request) -> Iterator[dict]:
    """One flat CSV record per event of the (filtered, ordered) queryset."""
    for chunk in event_record_chunks(events, user, request):
        yield from chunk


def csv_text_chunks(columns: list[str], chunks: Iterator[list[dict]]) -> Iterator[str]:
    """The CSV, one string per chunk of rows: a million small writes to the socket would cost more than the rows.

    Text that a spreadsheet would run as a formula gets a leading apostrophe, as `atrocity.renderers` does.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    formula = FORMULA_STARTS
    for records in chunks:
        writer.writerows(
            [("'" + value if value.__class__ is str and value.startswith(formula) else value) for value in values]
            for values in ([record[name] for name in columns] for record in records)
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@lru_cache(maxsize=65536)
def _date_label(date, precision: str, end, end_precision: str) -> str:
    """Events share dates: the label of each distinct date is formatted once."""
    return format_partial_range(date, precision, end, end_precision)


def _record(row: tuple, actors, instruments, sources, api_url, html_url) -> dict:
    (pk, key, case, phase, date, precision, end, end_precision, title, description, event_type, editor_note,
     status, modified_at, version) = row  # fmt: skip
    return {
        "id": pk, "key": key, "case": case, "phase": phase or "", "date": date.isoformat(),
        "date_precision": precision, "end_date": end.isoformat() if end else "", "end_date_precision": end_precision,
        "date_label": _date_label(date, precision, end, end_precision), "title": title,
        "description": description, "event_type": event_type, "editor_note": editor_note,
        "actors": actors.get(pk, ""), "instruments": instruments.get(pk, ""), "sources": sources.get(pk, ""),
        "status": status, "modified_at": _timestamp(modified_at), "api_url": api_url(pk) if api_url else "",
        "html_url": html_url(pk) if html_url else "", "version": version,
    }  # fmt: skip


class EventCSVExportMixin:
    """For the event lists: `?format=csv` through `event_record_chunks` instead of the serializer."""

    def csv_export(self, queryset):
        columns = csv_columns(self.get_serializer().fields)
        chunks = event_record_chunks(queryset, getattr(self.request, "user", None), self.request)
        response = StreamingHttpResponse(csv_text_chunks(columns, chunks), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{self.basename or "events"}.csv"'
        return response
