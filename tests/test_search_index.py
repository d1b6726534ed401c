"""A search page in date order can be read from one index, without visiting the events (PostgreSQL, cases/0008)."""

import re

import pytest
from django.db import connection
from django.http import QueryDict

from atrocity.compiled import CompiledIds
from cases.filtersets import EventFilterSet
from cases.selectors import events_in_order

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search vector and its indexes are PostgreSQL's"),
]


def _index_columns(name: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE c.relname = %s",
            [name],
        )
        return {column for (column,) in cursor.fetchall()}


@pytest.mark.parametrize("ordering", ["date", "-date"])
def test_the_date_search_index_holds_every_event_column_a_public_search_in_date_order_reads(ordering):
    """An index-only scan needs every column the query reads from the events in the index: if a filter came to read
    another one, PostgreSQL would visit each event again (a thousand heap reads per page of a common word at 1M)."""
    events = EventFilterSet(QueryDict(f"search=embargo&ordering={ordering}"), queryset=events_in_order(None)).qs
    sql, _ = CompiledIds.of(events).ordered
    read = set(re.findall(r'"cases_event"\."(\w+)"', sql)) | ({"search_vector"} if "search_vector" in sql else set())
    assert {"date", "id", "status", "search_vector"} <= read
    assert read <= _index_columns("event_date_search")
