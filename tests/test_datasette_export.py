"""The Datasette export holds what the public API shows, and its canned queries answer the same rows and columns."""

import csv
import io
import json
import sqlite3

import pytest
from django.core.management import call_command

from cases import datasette, synthetic

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver"


@pytest.fixture
def exported(tmp_path, libya_resolution_1973, un_system):
    """A small synthetic corpus (below the UN) plus the Libya event, exported to SQLite."""
    synthetic.generate(cases=3, events=240, seed=11)
    path = tmp_path / "kb.db"
    call_command("export_datasette", str(path), base_url=BASE_URL)
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    yield path, db
    db.close()


def canned(db: sqlite3.Connection, name: str, **params) -> list[dict]:
    """A canned query's rows as Datasette's JSON API gives them with `_json=` for the nested columns."""
    rows = [dict(row) for row in db.execute(datasette.canned_queries(BASE_URL)[name], params)]
    for row in rows:
        for column in datasette.JSON_COLUMNS[name]:
            row[column] = json.loads(row[column]) if row[column] is not None else None
    return rows


def api_page(client, **params) -> list[dict]:
    response = client.get("/api/events/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_events_of_a_case_match_the_api(client, exported):
    _, db = exported
    ours = api_page(client, case="synthetic-case-0001")
    assert len(ours) == 50
    assert canned(db, "events_by_case", case="synthetic-case-0001") == ours


def test_events_of_an_actor_and_its_sub_bodies_match_the_api(client, exported):
    _, db = exported
    ours = api_page(client, actor="united-nations")
    assert ours
    assert canned(db, "events_by_actor", actor="united-nations") == ours


def test_search_matches_the_api_in_date_order(client, exported):
    _, db = exported
    ours = api_page(client, search="embargo", ordering="date")
    assert ours
    assert canned(db, "events_search", q="embargo") == ours


def test_case_page_query_gives_the_first_events_of_the_case(client, exported):
    _, db = exported
    rows = canned(db, "case_events", case="synthetic-case-0001")
    assert rows[:50] == api_page(client, case="synthetic-case-0001")
    assert len(rows) == min(1000, client.get("/api/events/", {"case": "synthetic-case-0001"}).json()["count"])


def test_case_detail_counts_match_the_api(client, exported):
    _, db = exported
    ours = client.get("/api/cases/synthetic-case-0002/").json()
    (row,) = canned(db, "case_detail", case="synthetic-case-0002")
    for column in ("slug", "title", "period_label", "event_count", "actor_count", "instrument_count", "modified_at"):
        assert row[column] == ours[column], column
    assert [phase["slug"] for phase in row["phases"]] == [phase["slug"] for phase in ours["phases"]]


def test_flat_rows_are_the_csv_export(client, exported):
    _, db = exported
    response = client.get("/api/events/", {"format": "csv"})
    ours = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cursor = db.execute("SELECT * FROM event_rows ORDER BY rowid")
    theirs = [[column[0] for column in cursor.description]]
    theirs += [["" if value is None else str(value) for value in row] for row in cursor]
    assert theirs == ours


def test_compare_query_runs_and_counts_every_case(exported):
    _, db = exported
    (row,) = canned(db, "compare")
    assert {cell["case"] for cell in row["matrix"]} >= {"synthetic-case-0001", "libya"}


def test_only_published_content_is_exported(client, exported, libya_resolution_1973):
    path, _ = exported
    libya_resolution_1973.status = "draft"
    libya_resolution_1973.save()
    datasette.export(path, BASE_URL)
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM events WHERE key = ?", [libya_resolution_1973.key]).fetchone() == (0,)
    db.close()


def test_metadata_declares_every_canned_query(exported):
    path, _ = exported
    metadata = json.loads(datasette.metadata_path(path).read_text())
    assert set(metadata["databases"][datasette.DATABASE_NAME]["queries"]) == set(datasette.CANNED_QUERIES)
