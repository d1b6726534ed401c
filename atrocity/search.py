"""Full-text search: PostgreSQL's ranked search where available, a plain substring match elsewhere (SQLite)."""

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"


def is_postgresql() -> bool:
    """Whether the default database offers PostgreSQL full-text search."""
    return connection.vendor == "postgresql"


def ranked_search(
    queryset: QuerySet, value: str, fields: tuple[str, ...], stored_vector: str | None = None
) -> QuerySet:
    """Rows whose fields match the words of `value`, best match first on PostgreSQL.

    On PostgreSQL the document is `to_tsvector('english', field1 || ' ' || field2 ...)` and the query is a
    web-search query ("no-fly zone" -sanctions, or). `stored_vector` names a generated column of the table that
    holds exactly that document (events: migration cases/0007), read instead of computing it for every row tested.
    Elsewhere every word must occur in one of the fields, ignoring case.
    """
    value = value.strip()
    if not value:
        return queryset
    if not is_postgresql():
        return contains_search(queryset, value, fields)
    if stored_vector:
        # Unqualified on purpose: the column resolves to the queryset's own table, aliased or not.
        query = "websearch_to_tsquery(%s::regconfig, %s)"
        params = (SEARCH_CONFIG, value)
        matches = RawSQL(f"{stored_vector} @@ {query}", params, output_field=BooleanField())
        rank = RawSQL(f"ts_rank({stored_vector}, {query})", params, output_field=FloatField())
        return queryset.filter(matches).annotate(search_rank=rank).order_by("-search_rank", *queryset.query.order_by)

    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector(*fields, config=SEARCH_CONFIG)
    query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(search_document=vector)
        .filter(search_document=query)
        .annotate(search_rank=SearchRank(vector, query))
        .order_by("-search_rank", *queryset.query.order_by)
    )


def contains_search(queryset: QuerySet, value: str, fields: tuple[str, ...]) -> QuerySet:
    """Rows in which every word of `value` occurs in one of the fields, ignoring case ("fran" finds France).

    For names and symbols, where a researcher types part of a word; the tables it serves are small.
    """
    condition = Q()
    for word in value.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)
