"""A search page in date order can be read from one index, without visiting the events (PostgreSQL, cases/0008)."""

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


@pytest.mark.parametrize("ordering", ["date", "-date"])
def test_a_public_search_in_date_order_is_answered_by_an_index_only_scan(ordering):
    """With plain index and sequential scans ruled out, the plan left is the index-only one: it exists only if the
    index carries every column the public search tests (vector, status, case) next to the date."""
    events = EventFilterSet(QueryDict(f"search=embargo&ordering={ordering}"), queryset=events_in_order(None)).qs
    sql, params = CompiledIds.of(events).ordered
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql} LIMIT 50", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Index Only Scan" in plan and "event_date_search" in plan, plan
