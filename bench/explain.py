"""Run inside Django against the benchmark database: the SQL each benchmarked URL runs, with its EXPLAIN.

Usage (run.py does this): DATABASE_URL=... python bench/explain.py URL [URL ...]; prints one JSON document.
A plan is flagged when it reads a large table with a sequential scan instead of an index, unless the scan sits under
a LIMIT of at most EXACT_COUNT_LIMIT + 1 rows (the capped count: it stops after 1,001 matches, it does not read the
table). A `COPY (query) TO STDOUT` is explained as its query; the CSV export runs it through psycopg's
`cursor.copy()`, which Django does not record, so those statements are captured separately (`CapturedCopies`).
"""

import json
import os
import re
import sys
from pathlib import Path

import django
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrocity.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Tables that grow with the number of events: a sequential scan of one of them is what must not happen.
LARGE_TABLES = ("cases_event", "cases_eventactor", "cases_instrumentuse", "cases_citation", "cases_historical")
BOUNDED_LIMIT = 1001
COPY = re.compile(r"^\s*COPY\s*\((.*)\)\s*TO\s+STDOUT", re.IGNORECASE | re.DOTALL)
NUMBERS = re.compile(r"\b\d+\b")
IN_LISTS = re.compile(r"IN \([^)]*\)")


def shape(sql: str) -> str:
    """The query without its values, so the thousand chunk queries of a CSV export are explained once."""
    return IN_LISTS.sub("IN (...)", NUMBERS.sub("0", sql))


def explain(sql: str) -> tuple[list[str], dict]:
    """PostgreSQL's plan for one query, as text lines and as its JSON tree."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        lines = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (tree,) = cursor.fetchone()
    tree = json.loads(tree) if isinstance(tree, str) else tree
    return lines, tree[0]["Plan"]


def large_seq_scans(node: dict, bounded: bool = False) -> list[str]:
    """The large tables the plan reads in full (a scan under a small LIMIT stops early and is not counted)."""
    bounded = bounded or (node["Node Type"] == "Limit" and node.get("Plan Rows", BOUNDED_LIMIT + 1) <= BOUNDED_LIMIT)
    table = node.get("Relation Name", "")
    found = [table] if node["Node Type"] == "Seq Scan" and table.startswith(LARGE_TABLES) and not bounded else []
    for child in node.get("Plans", []):
        found += large_seq_scans(child, bounded)
    return found


class CapturedCopies:
    """The statements run with psycopg's `cursor.copy()` (the CSV export's COPY), which Django does not record."""

    def __enter__(self):
        self.statements, self.original = [], psycopg.Cursor.copy

        def copy(cursor, statement, params=None, **kwargs):
            self.statements.append(connection.ops.compose_sql(statement, params) if params else statement)
            return self.original(cursor, statement, params, **kwargs)

        psycopg.Cursor.copy = copy
        return self

    def __exit__(self, *exc):
        psycopg.Cursor.copy = self.original


def profile(url: str) -> dict:
    """The status, the queries and their plans for one GET."""
    client = Client()
    with CaptureQueriesContext(connection) as captured, CapturedCopies() as copies:
        response = client.get(url)
        if response.streaming:  # a CSV export runs its queries while it streams
            for _ in response.streaming_content:
                pass
    queries, seen = [], set()
    for sql in [query["sql"] for query in captured.captured_queries] + copies.statements:
        if copied := COPY.match(sql):
            sql = copied[1]
        # EXECUTE: a statement prepared on this connection (atrocity/prepared.py), explained as it runs.
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "EXECUTE")) or shape(sql) in seen:
            continue
        seen.add(shape(sql))
        plan, tree = explain(sql)
        queries.append({"sql": sql, "plan": plan, "large_seq_scans": large_seq_scans(tree)})
    return {
        "url": url,
        "status": response.status_code,
        "query_count": len(captured.captured_queries),
        "queries": queries,
        "uses_indexes": not any(query["large_seq_scans"] for query in queries),
    }


def main(urls: list[str]) -> None:
    print(json.dumps([profile(url) for url in urls]))


if __name__ == "__main__":
    main(sys.argv[1:])
