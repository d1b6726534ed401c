"""Export the published knowledge base to SQLite for Datasette, with the queries equivalent to our API.

A researcher who does not run this application would publish the same data with Datasette. To compare the two
fairly, the export holds exactly what the public API shows (published cases and events, published actors and
instruments in their links) and `CANNED_QUERIES` answers the same requests with the same rows and columns: the
actors, instruments and sources of an event nested by SQLite's JSON functions, date labels and citation strings
precomputed by the same Python helpers the API uses. `event_rows` holds one flat row per event with the columns of
our CSV export, so Datasette can stream it (`/kb/event_rows.csv?_stream=on`).

Run with `python manage.py export_datasette FILE`, then `datasette serve FILE --metadata FILE.metadata.json`.
"""

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db.models import QuerySet
from rest_framework import serializers

from actors.models import Actor
from atrocity.content import PublicationStatus
from atrocity.dates import format_partial_range
from atrocity.renderers import csv_columns
from cases.api.serializers import EventSerializer
from cases.models import CaseStudy, Citation, Event, EventActor, InstrumentUse, Phase, Source
from instruments.models import Instrument

PUBLISHED = PublicationStatus.PUBLISHED
DATABASE_NAME = "kb"
ROWS_PER_INSERT = 10000

SCHEMA = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, title TEXT, country TEXT, period_start TEXT,
    period_start_precision TEXT, period_end TEXT, period_end_precision TEXT, period_label TEXT,
    situation_type TEXT, summary TEXT, internal_context TEXT, international_context TEXT,
    results_and_evaluation TEXT, locator TEXT, status TEXT, modified_at TEXT
);
CREATE TABLE phases (
    id INTEGER PRIMARY KEY, case_id INTEGER REFERENCES cases(id), slug TEXT, name TEXT, start_date TEXT,
    start_precision TEXT, end_date TEXT, end_precision TEXT, period_label TEXT, description TEXT
);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, name TEXT, short_name TEXT, kind TEXT,
    parent_id INTEGER REFERENCES actors(id)
);
CREATE TABLE instruments (
    id INTEGER PRIMARY KEY, slug TEXT UNIQUE NOT NULL, name TEXT, category TEXT, nature TEXT, prevention_type TEXT
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, kind TEXT, symbol TEXT, title TEXT, citation TEXT, url TEXT
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, case_id INTEGER NOT NULL REFERENCES cases(id),
    phase_id INTEGER REFERENCES phases(id), date TEXT NOT NULL, date_precision TEXT, end_date TEXT,
    end_date_precision TEXT, date_label TEXT, title TEXT, description TEXT, event_type TEXT, editor_note TEXT,
    status TEXT, modified_at TEXT, version INTEGER
);
CREATE TABLE event_actors (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id),
    actor_id INTEGER NOT NULL REFERENCES actors(id), role TEXT
);
CREATE TABLE instrument_uses (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id),
    instrument_id INTEGER NOT NULL REFERENCES instruments(id), actor_id INTEGER NOT NULL REFERENCES actors(id),
    note TEXT
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id),
    source_id INTEGER NOT NULL REFERENCES sources(id), locator TEXT, quote TEXT
);
"""

# The indexes a Datasette publisher would add for these queries (the same ones our PostgreSQL schema has).
INDEXES = """
CREATE INDEX events_case_date ON events(case_id, date, id);
CREATE INDEX events_date ON events(date, id);
CREATE INDEX event_actors_event ON event_actors(event_id);
CREATE INDEX event_actors_actor ON event_actors(actor_id, event_id);
CREATE INDEX instrument_uses_event ON instrument_uses(event_id);
CREATE INDEX instrument_uses_actor ON instrument_uses(actor_id, event_id);
CREATE INDEX citations_event ON citations(event_id);
CREATE INDEX phases_case ON phases(case_id);
CREATE INDEX actors_parent ON actors(parent_id);
CREATE VIRTUAL TABLE events_fts USING fts5(title, description, content='events', content_rowid='id',
    tokenize='porter unicode61');
INSERT INTO events_fts(rowid, title, description) SELECT id, title, description FROM events;
"""

# One API event as SQL: the columns of EventSerializer, nested lists by json_group_array in id order.
_EVENT_COLUMNS = """
    e.id, e.key, c.slug AS "case",
    CASE WHEN p.id IS NULL THEN NULL ELSE json_object('slug', p.slug, 'name', p.name) END AS phase,
    e.date, e.date_precision, e.end_date, e.end_date_precision, e.date_label, e.title, e.description,
    e.event_type, e.editor_note,
    (SELECT json_group_array(json(item)) FROM (
        SELECT json_object('slug', a.slug, 'name', a.name, 'role', ea.role) AS item
        FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id ORDER BY ea.id
    )) AS actors,
    (SELECT json_group_array(json(item)) FROM (
        SELECT json_object('slug', i.slug, 'name', i.name, 'category', i.category, 'applied_by', a.slug,
                           'note', iu.note) AS item
        FROM instrument_uses iu JOIN instruments i ON i.id = iu.instrument_id JOIN actors a ON a.id = iu.actor_id
        WHERE iu.event_id = e.id ORDER BY iu.id
    )) AS instruments,
    (SELECT json_group_array(json(item)) FROM (
        SELECT json_object('key', s.key, 'citation', s.citation, 'locator', ci.locator, 'quote', ci.quote,
                           'url', s.url) AS item
        FROM citations ci JOIN sources s ON s.id = ci.source_id WHERE ci.event_id = e.id ORDER BY ci.id
    )) AS sources,
    e.status, e.modified_at, e.version,
    json_object('api', '{base}/api/events/' || e.id || '/', 'html', '{base}/events/' || e.id || '/') AS links
"""
_EVENTS_FROM = "FROM events e JOIN cases c ON c.id = e.case_id LEFT JOIN phases p ON p.id = e.phase_id"
_ACTOR_TREE = """
WITH RECURSIVE tree(id) AS (
    SELECT id FROM actors WHERE slug = :actor
    UNION SELECT a.id FROM actors a JOIN tree ON a.parent_id = tree.id
)"""
_CASE_COUNTS = """
    (SELECT count(*) FROM events WHERE case_id = c.id) AS event_count,
    (SELECT count(DISTINCT ea.actor_id) FROM event_actors ea JOIN events ev ON ev.id = ea.event_id
     WHERE ev.case_id = c.id) AS actor_count,
    (SELECT count(DISTINCT iu.instrument_id) FROM instrument_uses iu JOIN events ev ON ev.id = iu.event_id
     WHERE ev.case_id = c.id) AS instrument_count"""

CANNED_QUERIES = {
    # GET /api/events/?case=<slug>  (the first page of 50)
    "events_by_case": f"SELECT {_EVENT_COLUMNS} {_EVENTS_FROM} WHERE c.slug = :case ORDER BY e.date, e.id LIMIT 50",
    # GET /api/events/?actor=<slug>  (the actor and everything below it, as participant or as applier)
    "events_by_actor": f"""{_ACTOR_TREE}
        SELECT {_EVENT_COLUMNS} {_EVENTS_FROM}
        WHERE EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ea.actor_id IN tree)
           OR EXISTS (SELECT 1 FROM instrument_uses iu WHERE iu.event_id = e.id AND iu.actor_id IN tree)
        ORDER BY e.date, e.id LIMIT 50""",
    # GET /api/events/?search=<words>&ordering=date
    "events_search": f"""SELECT {_EVENT_COLUMNS} {_EVENTS_FROM}
        WHERE e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :q)
        ORDER BY e.date, e.id LIMIT 50""",
    # GET /api/cases/<slug>/  (counts and phases; figures and assessments are not exported)
    "case_detail": f"""SELECT c.slug, c.title, c.country, c.period_start, c.period_start_precision, c.period_end,
        c.period_end_precision, c.period_label, c.situation_type, c.summary, {_CASE_COUNTS}, c.status,
        c.modified_at, c.internal_context, c.international_context, c.results_and_evaluation, c.locator,
        (SELECT json_group_array(json(item)) FROM (
            SELECT json_object('slug', slug, 'name', name, 'start_date', start_date, 'start_precision',
                start_precision, 'end_date', end_date, 'end_precision', end_precision, 'period_label',
                period_label, 'description', description) AS item
            FROM phases WHERE case_id = c.id ORDER BY start_date, id
        )) AS phases
        FROM cases c WHERE c.slug = :case""",
    # GET /cases/<slug>/  (the case page: its first 1,000 events)
    "case_events": f"SELECT {_EVENT_COLUMNS} {_EVENTS_FROM} WHERE c.slug = :case ORDER BY e.date, e.id LIMIT 1000",
    # GET /compare/  (events per case and instrument category; actors active in several cases)
    "compare": """WITH matrix AS (
            SELECT ev.case_id, i.category, count(DISTINCT ev.id) AS n FROM instrument_uses iu
            JOIN events ev ON ev.id = iu.event_id JOIN instruments i ON i.id = iu.instrument_id
            GROUP BY ev.case_id, i.category),
        participation AS (
            SELECT actor_id, ev.case_id, count(DISTINCT ev.id) AS n FROM (
                SELECT actor_id, event_id FROM event_actors UNION SELECT actor_id, event_id FROM instrument_uses
            ) links JOIN events ev ON ev.id = links.event_id GROUP BY actor_id, ev.case_id),
        shared AS (SELECT actor_id FROM participation GROUP BY actor_id HAVING count(*) >= 2)
        SELECT
            (SELECT json_group_array(json_object('case', c.slug, 'category', m.category, 'count', m.n))
             FROM matrix m JOIN cases c ON c.id = m.case_id) AS matrix,
            (SELECT json_group_array(json_object('actor', a.slug, 'case', c.slug, 'count', p.n))
             FROM participation p JOIN shared USING (actor_id) JOIN actors a ON a.id = p.actor_id
             JOIN cases c ON c.id = p.case_id) AS shared_actors""",
}
JSON_COLUMNS = {
    "events_by_case": ["phase", "actors", "instruments", "sources", "links"],
    "events_by_actor": ["phase", "actors", "instruments", "sources", "links"],
    "events_search": ["phase", "actors", "instruments", "sources", "links"],
    "case_detail": ["phases"],
    "case_events": ["phase", "actors", "instruments", "sources", "links"],
    "compare": ["matrix", "shared_actors"],
}


def canned_queries(base_url: str) -> dict[str, str]:
    """The canned SQL with absolute links under `base_url`, like the API's (e.g. http://127.0.0.1:8000)."""
    base = base_url.rstrip("/").replace("'", "''")
    return {name: sql.replace("{base}", base) for name, sql in CANNED_QUERIES.items()}


def metadata(base_url: str) -> dict:
    """Datasette metadata: the canned queries of database `kb`."""
    queries = {name: {"sql": sql} for name, sql in canned_queries(base_url).items()}
    return {"title": "Atrocity prevention knowledge base", "databases": {DATABASE_NAME: {"queries": queries}}}


_DATETIME = serializers.DateTimeField()


def _timestamp(value) -> str:
    """A date-time exactly as the API writes it."""
    return _DATETIME.to_representation(value)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _case_rows(cases: QuerySet) -> Iterator[tuple]:
    for c in cases:
        period = format_partial_range(c.period_start, c.period_start_precision, c.period_end, c.period_end_precision)
        yield (
            c.pk, c.slug, c.title, str(c.country), _iso(c.period_start), c.period_start_precision,
            _iso(c.period_end), c.period_end_precision, period, c.situation_type, c.summary, c.internal_context,
            c.international_context, c.results_and_evaluation, c.locator, c.status, _timestamp(c.modified_at),
        )  # fmt: skip


def _phase_rows(phases: QuerySet) -> Iterator[tuple]:
    for p in phases:
        period = format_partial_range(p.start_date, p.start_precision, p.end_date, p.end_precision)
        yield (
            p.pk, p.case_id, p.slug, p.name, _iso(p.start_date), p.start_precision, _iso(p.end_date),
            p.end_precision, period, p.description,
        )  # fmt: skip


def _by_id(queryset: QuerySet, *fields: str) -> Iterator[tuple]:
    """Rows in id order, fetched in keyset chunks (id > last LIMIT n).

    Each chunk is a short query with a plain index-friendly plan; a server-side cursor over a million rows made
    PostgreSQL pick a fast-start plan that took minutes.
    """
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk").values_list(*fields)[:ROWS_PER_INSERT])
        yield from chunk
        if len(chunk) < ROWS_PER_INSERT:
            return
        last = chunk[-1][0]


def _event_rows(events: QuerySet) -> Iterator[tuple]:
    fields = ["id", "key", "case_id", "phase_id", "date", "date_precision", "end_date", "end_date_precision"]
    fields += ["title", "description", "event_type", "editor_note", "status", "modified_at", "version"]
    for row in _by_id(events, *fields):
        (pk, key, case_id, phase_id, date, precision, end, end_precision, *texts, status, modified, version) = row
        label = format_partial_range(date, precision, end, end_precision)
        yield (pk, key, case_id, phase_id, _iso(date), precision, _iso(end), end_precision, label, *texts, status,
               _timestamp(modified), version)  # fmt: skip


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[tuple]) -> int:
    """Insert rows in large batches; returns how many."""
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == ROWS_PER_INSERT:
            total += _flush(db, table, batch)
    return total + _flush(db, table, batch)


def _flush(db: sqlite3.Connection, table: str, batch: list[tuple]) -> int:
    if not batch:
        return 0
    marks = ", ".join("?" * len(batch[0]))
    db.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)  # noqa: S608 - our table names
    count = len(batch)
    batch.clear()
    return count


def _published_links(model) -> QuerySet:
    """Links of published events (of published cases) to published actors and instruments: what the API nests.

    Joins rather than `event__in=<subquery>`, so each keyset chunk is a few thousand index lookups.
    """
    links = model.objects.filter(event__status=PUBLISHED, event__case__status=PUBLISHED)
    if model is Citation:
        return links
    links = links.filter(actor__status=PUBLISHED)
    return links.filter(instrument__status=PUBLISHED) if model is InstrumentUse else links


def export(path: Path, base_url: str = "http://127.0.0.1:8000") -> dict[str, int]:
    """Write the published content to a new SQLite file at `path` and its Datasette metadata next to it."""
    path.unlink(missing_ok=True)
    cases = CaseStudy.objects.published().order_by("id")
    events = Event.objects.published()
    counts: dict[str, int] = {}
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        counts["cases"] = _insert(db, "cases", _case_rows(cases))
        counts["phases"] = _insert(db, "phases", _phase_rows(Phase.objects.filter(case__in=cases).order_by("id")))
        actors = Actor.objects.published().order_by("id")
        fields = ("id", "slug", "name", "short_name", "kind", "parent_id")
        counts["actors"] = _insert(db, "actors", actors.values_list(*fields))
        fields = ("id", "slug", "name", "category", "nature", "prevention_type")
        counts["instruments"] = _insert(db, "instruments", Instrument.objects.published().values_list(*fields))
        sources = Source.objects.select_related("issuer").order_by("id")
        rows = ((s.pk, s.key, s.kind, s.symbol, s.title, s.citation, s.url) for s in sources.iterator())
        counts["sources"] = _insert(db, "sources", rows)
        counts["events"] = _insert(db, "events", _event_rows(events))
        links = _by_id(_published_links(EventActor), "id", "event_id", "actor_id", "role")
        counts["event_actors"] = _insert(db, "event_actors", links)
        uses = _by_id(_published_links(InstrumentUse), "id", "event_id", "instrument_id", "actor_id", "note")
        counts["instrument_uses"] = _insert(db, "instrument_uses", uses)
        citations = _by_id(_published_links(Citation), "id", "event_id", "source_id", "locator", "quote")
        counts["citations"] = _insert(db, "citations", citations)
        db.executescript(INDEXES)
        counts["event_rows"] = _flat_event_rows(db, base_url)
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
    metadata_path(path).write_text(json.dumps(metadata(base_url), indent=2))
    return counts


def metadata_path(path: Path) -> Path:
    """Where the metadata of an export goes: FILE.metadata.json."""
    return path.with_name(path.name + ".metadata.json")


def _flat_event_rows(db: sqlite3.Connection, base_url: str) -> int:
    """The `event_rows` table: our CSV export's columns, related records as `;`-joined slugs, in date order."""
    columns = csv_columns(EventSerializer().fields)
    base = base_url.rstrip("/").replace("'", "''")
    expressions = {
        "case": "c.slug",
        "phase": "p.slug",
        "actors": "(SELECT group_concat(slug, ';') FROM (SELECT a.slug FROM event_actors ea JOIN actors a "
        "ON a.id = ea.actor_id WHERE ea.event_id = e.id ORDER BY ea.id))",
        "instruments": "(SELECT group_concat(slug, ';') FROM (SELECT i.slug FROM instrument_uses iu JOIN instruments i "
        "ON i.id = iu.instrument_id WHERE iu.event_id = e.id ORDER BY iu.id))",
        "sources": "(SELECT group_concat(key, ';') FROM (SELECT s.key FROM citations ci JOIN sources s "
        "ON s.id = ci.source_id WHERE ci.event_id = e.id ORDER BY ci.id))",
        "api_url": f"'{base}/api/events/' || e.id || '/'",
        "html_url": f"'{base}/events/' || e.id || '/'",
    }
    select = ", ".join(f'{expressions.get(name, "e." + name)} AS "{name}"' for name in columns)
    db.execute(f"CREATE TABLE event_rows AS SELECT {select} {_EVENTS_FROM} ORDER BY e.date, e.id")  # noqa: S608
    return db.execute("SELECT count(*) FROM event_rows").fetchone()[0]
