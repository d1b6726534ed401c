"""A filtered list's ids as SQL compiled once, and kept per content version for the filters anonymous readers repeat.

Building a filtered queryset and compiling it cost more Python than PostgreSQL spent running it: for the events of
the United Nations and its 700 organs, the filter form, the union of link subqueries and two compilations (one to
count, one to page) took about half of a request's CPU. An anonymous reader's filters name the same rows for every
anonymous reader until the content changes, so their compiled SQL is kept under the view, its URL arguments and its
filter parameters, for the current content version (`KeptPerVersion`). Signed-in readers, who may see drafts,
compile every time. The rows are always read afresh: what is kept is SQL, never an answer.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

from atrocity.conditional import KeptPerVersion
from atrocity.prepared import execute_by_text

# Query parameters that choose the page or the format, not the rows.
NOT_FILTERS = frozenset({"page", "page_size", "format"})

_COMPILED = KeptPerVersion(size=256)


@dataclass(frozen=True)
class CompiledIds:
    """The primary keys of a queryset's rows as SQL: unordered, to count them, and ordered, to read a page.

    Slicing runs the ordered query with LIMIT and OFFSET, as slicing the queryset would; `None` SQL stands for a
    filter that matches nothing by construction (Django's EmptyResultSet), so nothing is asked of the database.
    """

    db: str
    keys: tuple[str, tuple] | None
    ordered: tuple[str, tuple] | None

    @classmethod
    def of(cls, queryset: QuerySet) -> "CompiledIds":
        ids = queryset.values_list("pk", flat=True)
        try:
            keys = ids.order_by().query.get_compiler(using=queryset.db).as_sql()
            ordered = ids.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:
            return cls(queryset.db, None, None)
        return cls(queryset.db, (keys[0], tuple(keys[1])), (ordered[0], tuple(ordered[1])))

    def __getitem__(self, page: slice) -> list:
        """The ids of a page (a slice with a start and a stop, as a paginator asks), by a prepared statement on
        PostgreSQL (`execute_by_text`)."""
        if self.ordered is None:
            return []
        start, stop = int(page.start or 0), int(page.stop)
        sql, params = self.ordered
        sql = f"{sql} LIMIT {stop - start} OFFSET {start}"
        connection = connections[self.db]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                execute_by_text(connection, cursor, connection.ops.compose_sql(sql, params))
            else:
                cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def count(self) -> int:
        """Every matching row, counted (where no planner estimate can stand in for it)."""
        if self.keys is None:
            return 0
        sql, params = self.keys
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matching", params)  # noqa: S608 - compiled SQL
            return cursor.fetchone()[0]


def compiled_ids(request, view, filtered: Callable[[], QuerySet]) -> CompiledIds:
    """The ids of the view's filtered rows (`filtered()` builds their queryset) compiled, once per filter for
    anonymous readers.

    The key is everything the rows depend on for them: the view, its URL arguments (a case's slug), the filter
    parameters in the query string and the database; the content version is `KeptPerVersion`'s. A filter that
    fails validation raises before anything is kept, so an invalid one is rejected every time.
    """
    if request.user.is_authenticated:
        return CompiledIds.of(filtered())
    filters = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists() if name not in NOT_FILTERS))
    key = (type(view).__qualname__, tuple(sorted(view.kwargs.items())), filters)
    db = router.db_for_read(view.filterset_class._meta.model)
    return _COMPILED.get(db, key, lambda: CompiledIds.of(filtered()))
