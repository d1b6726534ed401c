"""A page of the event list as JSON-ready dicts, built from plain rows instead of through EventSerializer.

Serializing a page of 50 events builds some 400 model instances (events, actor links, instrument uses,
citations, sources, issuers) and walks DRF's fields over each: about 45 ms of CPU, against a few milliseconds
for the database. Here the list view pages the filtered events' ids, and `event_page` reads the rows of those ids
as tuples, so a page costs a few dict look-ups per row. On PostgreSQL each row brings its actors, instruments and
sources along as JSON arrays, in one statement prepared once per connection (`_page_sql`); elsewhere they come as
tuples in three more queries. The output is the serializer's, key for key (tests/test_api_event_json.py compares
them); the filters, ordering, pagination and visibility are the view's own, unchanged.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

import orjson
from django.db import connections

from actors.models import Actor
from atrocity.content import PublicationStatus
from atrocity.dates import format_partial_range
from atrocity.lookups import Ids
from atrocity.prepared import execute_prepared
from atrocity.reversing import url_maker
from atrocity.visibility import can_see_drafts
from cases.models import CaseStudy, Citation, Event, EventActor, InstrumentUse, Phase, Source
from cases.selectors import visible_event_links
from instruments.models import Instrument

# The columns of a page row, in the order `_event` unpacks them.
EVENT_FIELDS = (
    "id", "key", "case__slug", "phase__slug", "phase__name", "date", "date_precision", "end_date",
    "end_date_precision", "title", "description", "event_type", "editor_note", "status", "modified_at", "version",
)  # fmt: skip
CITATION_FIELDS = (
    "event_id", "source__key", "locator", "quote", "source__url", "source__kind", "source__title",
    "source__symbol", "source__date", "source__date_precision", "source__issuer_id", "source__issuer__name",
    "source__issuer__short_name",
)  # fmt: skip


def event_page(ids: Sequence[int], user, request, using: str) -> list[dict]:
    """The serialized events with these ids, in this order, as EventSerializer(many=True) gives them.

    `ids` is a page of the view's filtered events (so the reader may see them) and `using` the database it came
    from.
    """
    if not ids:
        return []
    if connections[using].vendor == "postgresql":
        rows = _rows_with_links(ids, public=not can_see_drafts(user, Actor), using=using)
        actors, instruments, sources = _embedded_links(rows)
    else:
        rows = _rows(ids, using)
        actors, instruments, sources = _queried_links(ids, user)
    api_url = url_maker(request, "api:event-detail", kwarg="pk")
    html_url = url_maker(request, "cases:event")
    return [_event(row, actors, instruments, sources, api_url, html_url) for row in rows]


def _rows(ids: Sequence[int], using: str) -> list[tuple]:
    """The events' EVENT_FIELDS, in the order of `ids` (one that has just been deleted is left out)."""
    by_id = {row[0]: row for row in Event.objects.using(using).filter(pk__in=ids).values_list(*EVENT_FIELDS)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _rows_with_links(ids: Sequence[int], public: bool, using: str) -> list[tuple]:
    """The events' EVENT_FIELDS and their links as JSON text, in the order of `ids`, by a prepared statement."""
    connection = connections[using]
    name = "event_page_public" if public else "event_page_all"
    with connection.cursor() as cursor:
        execute_prepared(connection, cursor, name, _page_sql(public), [Ids(ids).array], types="(bigint[])")
        return cursor.fetchall()


# `modified_at` as `_timestamp` writes it, made by PostgreSQL: reading a timestamp into a datetime and writing it
# out again took a tenth of the Python time of a page. Python leaves out a fraction of zero.
_TIMESTAMP_SQL = (
    "CASE WHEN date_trunc('second', e.modified_at) = e.modified_at "
    """THEN to_char(e.modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') """
    """ELSE to_char(e.modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END"""
)


@lru_cache(maxsize=2)
def _page_sql(public: bool) -> str:
    """The rows of a page of events ($1, their ids in order) with their actors, instruments and citations.

    The links are JSON arrays, in link order, with the rows and visibility of `visible_event_links` and the
    citations query of `_queried_links` (the equality tests compare both paths with the serializer): actors and
    instruments as the objects the API shows, citations as arrays of the columns `_source` needs. The arrays come
    as text for orjson to read: psycopg's JSON loader (the standard library's) took about 1 ms per page. Prepared
    once per connection: planning the three subqueries took longer than running them.
    """
    event, case, phase = Event._meta.db_table, CaseStudy._meta.db_table, Phase._meta.db_table
    links, actor, instrument = EventActor._meta.db_table, Actor._meta.db_table, Instrument._meta.db_table
    uses, citation, source = InstrumentUse._meta.db_table, Citation._meta.db_table, Source._meta.db_table
    published = f"'{PublicationStatus.PUBLISHED}'"
    actors_published = f"AND a.status = {published}" if public else ""
    uses_published = f"AND i.status = {published} AND a.status = {published}" if public else ""
    return (
        "SELECT e.id, e.key, c.slug, p.slug, p.name, e.date, e.date_precision, e.end_date, e.end_date_precision, "  # noqa: S608 - table names and a constant
        f"e.title, e.description, e.event_type, e.editor_note, e.status, {_TIMESTAMP_SQL}, e.version, "
        "(SELECT json_agg(json_build_object('slug', a.slug, 'name', a.name, 'role', l.role) ORDER BY l.id)::text "
        f"FROM {links} l JOIN {actor} a ON a.id = l.actor_id WHERE l.event_id = e.id {actors_published}), "
        "(SELECT json_agg(json_build_object('slug', i.slug, 'name', i.name, 'category', i.category, "
        "'applied_by', a.slug, 'note', u.note) ORDER BY u.id)::text "
        f"FROM {uses} u JOIN {instrument} i ON i.id = u.instrument_id JOIN {actor} a ON a.id = u.actor_id "
        f"WHERE u.event_id = e.id {uses_published}), "
        "(SELECT json_agg(json_build_array(s.key, ci.locator, ci.quote, s.url, s.kind, s.title, s.symbol, s.date, "
        "s.date_precision, s.issuer_id, issuer.name, issuer.short_name) ORDER BY ci.id)::text "
        f"FROM {citation} ci JOIN {source} s ON s.id = ci.source_id "
        f"LEFT JOIN {actor} issuer ON issuer.id = s.issuer_id WHERE ci.event_id = e.id) "
        f"FROM unnest($1) WITH ORDINALITY AS page(id, position) JOIN {event} e ON e.id = page.id "
        f"JOIN {case} c ON c.id = e.case_id LEFT JOIN {phase} p ON p.id = e.phase_id ORDER BY page.position"
    )


def _embedded_links(rows: Sequence[tuple]) -> tuple[dict, dict, dict]:
    """The actors, instruments and sources of rows that carry them as JSON arrays in text (PostgreSQL): actors and
    instruments already as the API shows them, each citation as the columns its source's citation is made of."""
    actors, instruments, sources = {}, {}, {}
    width = len(EVENT_FIELDS)
    for row in rows:
        pk = row[0]
        actor_rows, instrument_rows, citation_rows = row[width:]
        if actor_rows:
            actors[pk] = orjson.loads(actor_rows)
        if instrument_rows:
            instruments[pk] = orjson.loads(instrument_rows)
        if citation_rows:
            sources[pk] = [_source(*citation[:4], *_dated(citation[4:])) for citation in orjson.loads(citation_rows)]
    return actors, instruments, sources


def _dated(described: list) -> list:
    """A source's columns from JSON, its date (text there) a date again, as `Source.citation` reads it."""
    kind, title, symbol, date, *rest = described
    return [kind, title, symbol, datetime.date.fromisoformat(date) if date else None, *rest]


def _queried_links(ids: Sequence[int], user) -> tuple[dict, dict, dict]:
    """The actors, instruments and sources of these events, in three queries (SQLite)."""
    actor_links, instrument_uses = visible_event_links(user)
    actors = defaultdict(list)
    for event_id, *actor in actor_links.filter(event_id__in=ids).values_list(
        "event_id", "actor__slug", "actor__name", "role"
    ):
        actors[event_id].append(_actor(*actor))
    instruments = defaultdict(list)
    for event_id, *use in instrument_uses.filter(event_id__in=ids).values_list(
        "event_id", "instrument__slug", "instrument__name", "instrument__category", "actor__slug", "note"
    ):
        instruments[event_id].append(_instrument(*use))
    sources = _sources(Citation.objects.filter(event_id__in=ids).order_by("id").values_list(*CITATION_FIELDS))
    return actors, instruments, sources


def _sources(citations) -> dict[int, list[dict]]:
    """Each event's citations as the serializer nests them."""
    sources = defaultdict(list)
    for event_id, *citation in citations:
        sources[event_id].append(_source(*citation))
    return sources


def _actor(slug, name, role) -> dict:
    return {"slug": slug, "name": name, "role": role}


def _instrument(slug, name, category, applied_by, note) -> dict:
    return {"slug": slug, "name": name, "category": category, "applied_by": applied_by, "note": note}


def _source(key, locator, quote, url, *described) -> dict:
    return {"key": key, "citation": _citation(*described), "locator": locator, "quote": quote, "url": url}


@lru_cache(maxsize=4096)
def _citation(kind, title, symbol, date, date_precision, issuer_id, issuer_name, issuer_short_name) -> str:
    """`Source.citation` of a source known by its columns: the model's rule, made once per distinct source.

    Every column the rule reads is an argument, so an edited source makes a new entry, never a stale string.
    """
    issuer = Actor(id=issuer_id, name=issuer_name, short_name=issuer_short_name) if issuer_id else None
    source = Source(kind=kind, title=title, symbol=symbol, date=date, date_precision=date_precision, issuer=issuer)
    return source.citation


def _event(row: tuple, actors, instruments, sources, api_url: Callable | None, html_url: Callable | None) -> dict:
    (pk, key, case, phase_slug, phase_name, date, precision, end, end_precision, title, description, event_type,
     editor_note, status, modified_at, version) = row[: len(EVENT_FIELDS)]  # fmt: skip
    return {
        "id": pk, "key": key, "case": case,
        "phase": {"slug": phase_slug, "name": phase_name} if phase_slug is not None else None,
        "date": date.isoformat(), "date_precision": precision, "end_date": end.isoformat() if end else None,
        "end_date_precision": end_precision, "date_label": format_partial_range(date, precision, end, end_precision),
        "title": title, "description": description, "event_type": event_type, "editor_note": editor_note,
        "actors": actors.get(pk, []), "instruments": instruments.get(pk, []), "sources": sources.get(pk, []),
        "status": status, "modified_at": modified_at if isinstance(modified_at, str) else _timestamp(modified_at),
        "links": {"api": api_url(pk), "html": html_url(pk) if html_url else None},
        "version": version,
    }  # fmt: skip


def _timestamp(value: datetime.datetime) -> str:
    """`modified_at` as EventSerializer writes it (DRF's DateTimeField): ISO 8601 in UTC, the site's only time zone
    (settings.TIME_ZONE; no request activates another), with "Z" for +00:00. DRF's field looks the current time zone
    up on every call, some 10 µs per row."""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
