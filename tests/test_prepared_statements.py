"""Statements prepared once per database connection, and prepared again on a new one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atrocity import prepared
from atrocity.prepared import execute_by_text, execute_prepared

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def _run(sql: str, params=(), types: str = "") -> tuple[list, list[str]]:
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        execute_prepared(connection, cursor, "test_statement", sql, params, types)
        rows = cursor.fetchall()
    return rows, [query["sql"] for query in queries]


def test_a_statement_is_prepared_once_per_connection_with_its_parameters():
    connection.close()
    rows, first = _run("SELECT $1::int + 1", [41], "(int)")
    assert rows == [(42,)]
    assert first[0].startswith("PREPARE test_statement(int) AS") and first[1] == "EXECUTE test_statement(41)"
    rows, again = _run("SELECT $1::int + 1", [1], "(int)")
    assert (rows, again) == ([(2,)], ["EXECUTE test_statement(1)"])


def test_a_new_connection_prepares_it_again():
    _run("SELECT 7")
    connection.close()  # what CONN_MAX_AGE or a lost server does; the session and its statements are gone
    rows, queries = _run("SELECT 7")
    assert rows == [(7,)] and queries[0].startswith("PREPARE")


def test_a_page_of_events_reads_the_same_after_reconnecting(client, sample_cases):
    first = client.get("/api/events/", {"case": "libya"})
    connection.close()
    again = client.get("/api/events/", {"case": "libya"})
    assert again.status_code == 200 and again.json()["results"] == first.json()["results"]
    assert first.json()["results"]


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_a_statement_named_by_its_text_is_prepared_once_and_the_oldest_deallocated(monkeypatch):
    monkeypatch.setattr(prepared, "TEXT_NAMED_KEPT", 2)
    connection.close()

    def run(sql: str) -> tuple[list, list[str]]:
        with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
            execute_by_text(connection, cursor, sql)
            rows = cursor.fetchall()
        return rows, [query["sql"] for query in queries]

    rows, first = run("SELECT 1")
    name = first[1].split()[1]
    assert rows == [(1,)] and first == [f"PREPARE {name} AS SELECT 1", f"EXECUTE {name}"]
    assert run("SELECT 1") == ([(1,)], [f"EXECUTE {name}"])
    run("SELECT 2")
    run("SELECT 1")  # used again: now "SELECT 2" is the least recently used
    rows, third = run("SELECT 3")
    assert rows == [(3,)] and third[1].startswith("DEALLOCATE text_")
    assert name in _prepared_names() and third[1].split()[1] not in _prepared_names()
