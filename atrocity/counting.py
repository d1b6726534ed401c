"""Counting matching rows without counting a million of them: exact up to a cap, PostgreSQL's estimate beyond.

An exact COUNT(*) of a filter matching most of a million events reads every one of them, and costs more than the
page of 50 it accompanies. So a list counts at most EXACT_COUNT_LIMIT + 1 rows (cheap: the database stops there).
When more match, the count is the planner's estimate of the query's rows (an EXPLAIN, no rows read) and the
response says `count_exact: false`. An estimate far above the cap (TRUSTED_ESTIMATE_FACTOR times) is taken
without the capped count, the usual PostgreSQL recipe for large counts: even stopping at 1,001 rows, a full-text
match has to collect its whole posting list first (11 ms for a word in 50,000 of a million events). Pages are then
found by reading, not by arithmetic: a page past the real end is empty and answers 404, `next` is present exactly
when one more row exists, and the last page makes the count exact again.
"""

import json
from collections.abc import Hashable
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections
from django.db.models import QuerySet

from atrocity.compiled import CompiledIds
from atrocity.conditional import KeptPerVersion

EXACT_COUNT_LIMIT = 1000
# Planner estimates of row counts are seldom off by more than a few times; ten times the cap is clearly many.
TRUSTED_ESTIMATE_FACTOR = 10
# Estimates kept per process, by query and content version: planning a filtered list over a million events
# took 1-4 ms per EXPLAIN, the same answer for every reader until the content changes.
_ESTIMATES = KeptPerVersion(size=512)


def planner_estimate(queryset: QuerySet, key: Hashable | None = None) -> int | None:
    """PostgreSQL's estimate of how many rows the query returns; None elsewhere.

    `key`, when given, stands for the query in the cache of estimates, so that a repeated request does not compile
    the query just to find its estimate (the actor filter's union over the UN's 700 ids took 0.3 ms to compile).
    It must name the query's rows exactly.
    """
    if connections[queryset.db].vendor != "postgresql":
        return None
    if key is None:
        return estimate_rows(queryset.db, *_primary_keys_sql(queryset))
    return _ESTIMATES.get(queryset.db, key, lambda: _explained_rows(queryset.db, *_primary_keys_sql(queryset)))


def estimate_rows(db: str, sql: str, params) -> int | None:
    """PostgreSQL's estimate of the rows of a compiled query; None elsewhere."""
    if connections[db].vendor != "postgresql":
        return None
    return _ESTIMATES.get(db, (sql, _hashable(params)), lambda: _explained_rows(db, sql, params))


def _explained_rows(db: str, sql: str, params) -> int:
    """The planner's row estimate for a compiled query (an EXPLAIN: planned, not run)."""
    with connections[db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _primary_keys_sql(rows: QuerySet | CompiledIds) -> tuple[str, tuple]:
    """The query selecting the primary keys of the rows, unordered: what counting and estimating read."""
    if isinstance(rows, CompiledIds):
        if rows.keys is None:
            raise EmptyResultSet
        return rows.keys
    keys = rows.order_by().values("pk")
    return keys.query.get_compiler(using=rows.db).as_sql()


def _hashable(params) -> tuple:
    """Query parameters as a dictionary key: a list, should a lookup bind one, becomes a tuple."""
    return tuple(tuple(param) if isinstance(param, list) else param for param in params)


class ReadAheadPage(Page):
    """A page that knows whether another follows because it read one row more than it shows."""

    def __init__(self, object_list, number, paginator, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more


class CappedCountPaginator(Paginator):
    """A Paginator whose count is exact up to EXACT_COUNT_LIMIT and an estimate above it."""

    exact_count_limit = EXACT_COUNT_LIMIT
    count_exact = True  # set to False by `count` when it had to estimate

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet | CompiledIds):
            return super().count
        # Primary keys only: the columns a page shows (and any per-row subqueries among them) are not counted.
        # Compiled once for the estimate and the capped count.
        db = self.object_list.db
        try:
            sql, params = _primary_keys_sql(self.object_list)
        except EmptyResultSet:  # a filter that matches nothing by construction
            return 0
        estimate = estimate_rows(db, sql, params)
        if estimate is not None and estimate >= self.exact_count_limit * TRUSTED_ESTIMATE_FACTOR:
            self.count_exact = False
            return estimate
        with connections[db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql} LIMIT {self.exact_count_limit + 1}) AS capped", params)  # noqa: S608
            (capped,) = cursor.fetchone()
        if capped <= self.exact_count_limit:
            return capped
        if estimate is None:  # no planner to ask (SQLite, development): count them all
            return self.object_list.count()
        self.count_exact = False
        return max(capped, estimate)

    def validate_number(self, number) -> int:
        """As Django's when the count is exact; above the cap, any page from 1 (reading tells if it exists)."""
        self.count  # noqa: B018 - counting decides whether the count is exact
        if self.count_exact:
            return super().validate_number(number)
        number = int(number)
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number) -> Page:
        """Above the cap, read the page plus one row: an empty page is past the end, an extra row means more."""
        number = self.validate_number(number)
        if self.count_exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        has_more = len(rows) > self.per_page
        if not has_more:  # the last page: now the count is known
            self.count, self.count_exact = bottom + len(rows), True
        return ReadAheadPage(rows[: self.per_page], number, self, has_more=has_more)
