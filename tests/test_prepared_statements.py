"""Statements prepared once per database connection, and prepared again on a new one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atrocity.prepared import execute_prepared

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
