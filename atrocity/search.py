"""Full-text search: PostgreSQL's ranked search where available, a plain substring match elsewhere (SQLite)."""

from django.db import connection
from django.db.models import Q, QuerySet

SEARCH_CONFIG = "english"


def is_postgresql() -> bool:
    """Whether the default database offers PostgreSQL full-text search."""
    return connection.vendor == "postgresql"


def ranked_search(queryset: QuerySet, value: str, fields: tuple[str, ...]) -> QuerySet:
    """Rows whose fields match the words of `value`, best match first on PostgreSQL.

    On PostgreSQL the document is `to_tsvector('english', field1 || ' ' || field2 ...)`, the expression the
    search-index migrations index, and the query is a web-search query ("no-fly zone" -sanctions, or). Elsewhere
    every word must occur in one of the fields, ignoring case.
    """
    value = value.strip()
    if not value:
        return queryset
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config=SEARCH_CONFIG)
        query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
        return (
            queryset.annotate(search_document=vector)
            .filter(search_document=query)
            .annotate(search_rank=SearchRank(vector, query))
            .order_by("-search_rank", *queryset.query.order_by)
        )
    return contains_search(queryset, value, fields)


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
