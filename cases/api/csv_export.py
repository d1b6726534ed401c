"""The events CSV at tens of thousands of rows per second, byte for byte what serializing every event would give.

Serializing a million events through EventSerializer builds some ten million model instances and field objects
(about a thousand rows per second). On PostgreSQL the database writes the CSV itself: the filtered, ordered
queryset, with every cell computed in SQL (links joined per event, date labels, URLs, formula neutralisation),
runs as `COPY (...) TO STDOUT (FORMAT csv)` and its bytes go to the client in buffers, so Python only moves
bytes. Elsewhere (SQLite, the development default) the rows come as tuples and each chunk's links in three
queries, a few dictionary look-ups per row. The worker's memory stays flat either way (PostgreSQL sorts on disk
what does not fit its work_mem). tests/test_api_csv_export.py checks both against the serializer's CSV, byte for
byte, line endings ("\r\n", as Python's csv writes them) included.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from django.contrib.postgres.aggregates import StringAgg
from django.db import connections, transaction
from django.db.models import F, Func, OrderBy, QuerySet, TextField, Value, Window
from django.db.models.functions import RowNumber
from django.http import StreamingHttpResponse
from rest_framework import serializers

from atrocity.counting import planner_estimate
from atrocity.dates import DatePrecision, format_partial_range
from atrocity.renderers import FORMULA_STARTS, csv_columns
from atrocity.reversing import url_maker, url_parts
from cases.models import Citation, Event
from cases.selectors import visible_event_links

CHUNK_SIZE = 5000
# COPY hands over one row at a time; a million small writes to the socket would cost more than the rows.
COPY_ROWS_PER_WRITE = 500
# Memory for each sort and hash of the export's query (PostgreSQL's default is 4 MB). At a million events the
# link aggregates and the sorts spilled to disk: 19.7 s of query at 4 MB, 16.9 s at 64 MB (bench/README.md). Set
# for the export's transaction only; the worker's own memory is unchanged.
COPY_WORK_MEM = "64MB"
EVENT_FIELDS = (
    "id", "key", "case__slug", "phase__slug", "date", "date_precision", "end_date", "end_date_precision", "title",
    "description", "event_type", "editor_note", "status", "modified_at", "version",
)  # fmt: skip
_DATETIME = serializers.DateTimeField()


# --- PostgreSQL: COPY writes the CSV.


class _SQL(Func):
    """An SQL template over expressions, `{0}`, `{1}`... each usable several times (parameters follow along)."""

    output_field = TextField()

    def __init__(self, template: str, *expressions):
        super().__init__(*expressions)
        self.sql_template = template

    def as_sql(self, compiler, connection, **extra):
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        params = []

        def substitute(match: re.Match) -> str:
            sql, expression_params = compiled[int(match[1])]
            params.extend(expression_params)
            return sql

        return re.sub(r"\{(\d)\}", substitute, self.sql_template), params


# The code points of FORMULA_STARTS, compared with ascii() (the first character's): cheaper than text prefixes.
_FORMULA_CODES = ", ".join(str(ord(start)) for start in FORMULA_STARTS)


def _text(expression) -> _SQL:
    """A text cell as `csv_text_chunks` writes it: formula-looking text gets an apostrophe, and '' becomes NULL.

    COPY quotes an empty string ("") to tell it from NULL, which it writes as nothing; Python's csv writes both
    as nothing, so empty text goes out as NULL.
    """
    return _SQL(
        f"CASE WHEN ascii({{0}}) IN ({_FORMULA_CODES}) THEN '''' || {{0}} ELSE NULLIF({{0}}, '') END",
        expression,
    )


def _partial_date(date: str, precision: str) -> str:
    """SQL of `atrocity.dates.format_partial_date`: "12 March 2011", "March 2011", "2011" (FM: no padding)."""
    return (
        f"CASE {precision} WHEN '{DatePrecision.YEAR.value}' THEN to_char({date}, 'FMYYYY') "
        f"WHEN '{DatePrecision.MONTH.value}' THEN to_char({date}, 'FMMonth FMYYYY') "
        f"ELSE to_char({date}, 'FMDD FMMonth FMYYYY') END"
    )


# `atrocity.dates.format_partial_range`: the end's label follows " – " when it differs from the start.
_DATE_LABEL = (
    f"{_partial_date('{0}', '{1}')} || CASE WHEN {{2}} IS NOT NULL AND ({{2}}, {{3}}) <> ({{0}}, {{1}}) "
    f"THEN ' – ' || {_partial_date('{2}', '{3}')} ELSE '' END"
)
# DRF's date-time in UTC: ISO 8601 with "Z", microseconds only when there are some (as datetime.isoformat()).
_TIMESTAMP = """replace(to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z')"""


def _url(parts: tuple[str, str] | None):
    """A URL cell: the id between the URL's two parts, or NULL when the URL is not mounted."""
    if parts is None:
        return Value(None, output_field=TextField())
    return _SQL("{0} || {1} || {2}", Value(parts[0]), F("id"), Value(parts[1]))


def _ordering(events: QuerySet) -> list[OrderBy]:
    """The queryset's ORDER BY as expressions, for the row number that carries its order through the joins."""
    names = events.query.order_by or events.model._meta.ordering
    return [
        name if hasattr(name, "resolve_expression") else OrderBy(F(name.lstrip("-")), descending=name[0] == "-")
        for name in names
    ]


def _compiled(queryset: QuerySet, using: str) -> tuple[str, tuple]:
    """The queryset's SQL and parameters for that database (`query.sql_with_params()` is for the default one)."""
    return queryset.query.get_compiler(using=using).as_sql()


def _linked_slugs(links: QuerySet, slug: str, events: QuerySet | None, using: str) -> tuple[str, tuple]:
    """SQL of (event_id, cell): each exported event's linked slugs joined by ';' in link order.

    One pass over the links of all the exported events, grouped by event, costs about half what a correlated
    subquery per event costs at a million events (an index probe and a sort per event and link table). With
    `events`, only their links are aggregated; without, every link is (the join to the rows drops the others).
    """
    if events is not None:
        links = links.filter(event__in=events.values("pk"))
    slugs = links.order_by().values("event")
    slugs = slugs.annotate(cell=_text(StringAgg(slug, ";", order_by="id")))
    return _compiled(slugs.values_list("event", "cell"), using)


def _exports_most_events(events: QuerySet) -> bool:
    """Whether the export holds most events (PostgreSQL's estimates): then restricting the links to them first
    costs more than it saves (a semi-join per link table, a second of three in seventeen at a million events)."""
    exported = planner_estimate(events)
    return exported is not None and exported * 2 > (planner_estimate(Event.objects.all()) or 0)


def copy_statement(columns: list[str], events: QuerySet, user, request, using: str) -> tuple[str, list]:
    """`COPY (...) TO STDOUT` of the CSV rows: the queryset's own SQL (filters, visibility, order), cells added.

    The events query numbers its rows in the queryset's order; each link table's cells are joined by event id and
    the rows sorted back by that number, so the filters and the order are the queryset's, never rewritten here.
    """
    actor_links, instrument_uses = visible_event_links(user)
    cells = {
        "id": F("id"),
        "key": _text(F("key")),
        "case": _text(F("case__slug")),
        "phase": _text(F("phase__slug")),
        "date": _SQL("to_char({0}, 'YYYY-MM-DD')", F("date")),
        "date_precision": _text(F("date_precision")),
        "end_date": _SQL("to_char({0}, 'YYYY-MM-DD')", F("end_date")),
        "end_date_precision": _text(F("end_date_precision")),
        "date_label": _SQL(_DATE_LABEL, F("date"), F("date_precision"), F("end_date"), F("end_date_precision")),
        "title": _text(F("title")),
        "description": _text(F("description")),
        "event_type": _text(F("event_type")),
        "editor_note": _text(F("editor_note")),
        "status": _text(F("status")),
        "modified_at": _SQL(_TIMESTAMP, F("modified_at")),
        "api_url": _url(url_parts(request, "api:event-detail", kwarg="pk")),
        "html_url": _url(url_parts(request, "cases:event")),
        "version": F("version"),
        "position": Window(RowNumber(), order_by=_ordering(events)),
    }
    links = {
        "actors": (actor_links, "actor__slug"),
        "instruments": (instrument_uses, "instrument__slug"),
        "sources": (Citation.objects.all(), "source__key"),
    }
    events = events.prefetch_related(None)
    # Under other names: annotations may not shadow the model's fields.
    rows = events.annotate(**{f"csv_{name}": cell for name, cell in cells.items()}).order_by()
    sql, params = _compiled(rows.values_list(*(f"csv_{name}" for name in cells)), using)
    params = list(params)
    joins = []
    restrict_to = None if _exports_most_events(events) else events
    for name, (queryset, slug) in links.items():
        links_sql, links_params = _linked_slugs(queryset, slug, restrict_to, using)
        joins.append(f'LEFT JOIN ({links_sql}) AS "{name}" ON "{name}"."event" = "rows"."csv_id"')
        params.extend(links_params)
    select = ", ".join(f'"{name}"."cell"' if name in links else f'"rows"."csv_{name}"' for name in columns)
    return (
        f'COPY (SELECT {select} FROM ({sql}) AS "rows" {" ".join(joins)} ORDER BY "rows"."csv_position") '
        "TO STDOUT (FORMAT csv)",
        params,
    )


def copied_csv(columns: list[str], statement: tuple[str, list], using: str) -> Iterator[bytes]:
    """The header, then COPY's rows with Python's csv line ending ("\\r\\n"), in buffers of a few hundred rows.

    COPY ends each row with "\\n" and hands over one row at a time (the protocol sends one message per row), so
    the row's last byte is its line ending; a newline inside a value is quoted and stays as it is, as in Python's
    csv. The COPY runs in a transaction of its own, with more memory for its sorts (COPY_WORK_MEM). If the client
    goes away, closing this generator ends the COPY (psycopg cancels it and reads what is left) and rolls the
    transaction back, so the connection is left ready for the next request, with its usual settings.
    """
    header = io.StringIO()
    csv.writer(header).writerow(columns)
    yield header.getvalue().encode()
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [COPY_WORK_MEM])  # true: this transaction only
        yield from _copied_rows(cursor, statement)


def _copied_rows(cursor, statement: tuple[str, list]) -> Iterator[bytes]:
    """COPY's rows, a few hundred to a buffer."""
    with cursor.cursor.copy(*statement) as copy:
        rows = []
        for row in copy:
            rows.append(row[:-1])
            if len(rows) == COPY_ROWS_PER_WRITE:
                yield b"\r\n".join(rows) + b"\r\n"
                rows = []
        if rows:
            yield b"\r\n".join(rows) + b"\r\n"


# --- Elsewhere: rows built in Python.


def _timestamp(value) -> str:
    """A date-time as DRF writes it ("...Z" for UTC), without DRF's per-value overhead in the common case."""
    if value is not None and value.utcoffset() is not None and not value.utcoffset():
        return value.isoformat().removesuffix("+00:00") + "Z"
    return _DATETIME.to_representation(value) if value is not None else ""


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


def _fetched_chunks(events: QuerySet, user) -> Iterator[tuple[list[tuple], dict, dict, dict]]:
    """Each chunk of event rows with its actors, instruments and sources as 'slug;slug' per event id."""
    actor_links, instrument_uses = visible_event_links(user)
    citations = Citation.objects.order_by("id")
    rows = events.prefetch_related(None).values_list(*EVENT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows):
        ids = [row[0] for row in chunk]
        actors = _grouped(actor_links.filter(event_id__in=ids).values_list("event_id", "actor__slug"))
        instruments = _grouped(instrument_uses.filter(event_id__in=ids).values_list("event_id", "instrument__slug"))
        sources = _grouped(citations.filter(event_id__in=ids).values_list("event_id", "source__key"))
        yield chunk, actors, instruments, sources


def event_record_chunks(events: QuerySet, user, request) -> Iterator[list[dict]]:
    """Flat CSV records, as `atrocity.renderers.flatten` makes them, a chunk of events at a time."""
    api_url = url_maker(request, "api:event-detail", kwarg="pk")
    html_url = url_maker(request, "cases:event")
    for chunk, actors, instruments, sources in _fetched_chunks(events, user):
        yield [_record(row, actors, instruments, sources, api_url, html_url) for row in chunk]


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
    """For the event lists: `?format=csv` written by PostgreSQL's COPY, or by `event_record_chunks` elsewhere."""

    def csv_export(self, queryset):
        columns = csv_columns(self.get_serializer().fields)
        user = getattr(self.request, "user", None)
        # Decided now: the router's choice depends on the request, and streaming runs after the view returns.
        using = queryset.db
        if connections[using].vendor == "postgresql":
            body = copied_csv(columns, copy_statement(columns, queryset, user, self.request, using), using)
        else:
            body = csv_text_chunks(columns, event_record_chunks(queryset, user, self.request))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{self.basename or "events"}.csv"'
        return response
