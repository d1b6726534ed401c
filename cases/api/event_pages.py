"""A page of the event list as JSON-ready dicts, built from plain rows instead of through EventSerializer.

Serializing a page of 50 events builds some 400 model instances (events, actor links, instrument uses,
citations, sources, issuers) and walks DRF's fields over each: about 45 ms of CPU, against a few milliseconds
for the database. Here the page comes as tuples (the paginator reads the filtered, ordered queryset as
`values_list`) and its actors, instruments and sources as tuples in three queries, so a page costs a few dict
look-ups per row. The output is the serializer's, key for key (tests/test_api_event_json.py compares them); the
filters, ordering, pagination and visibility are the view's own, unchanged.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from django.db.models import QuerySet
from rest_framework import serializers

from actors.models import Actor
from atrocity.dates import format_partial_range
from atrocity.reversing import url_maker
from cases.models import Citation, Source
from cases.selectors import visible_event_links

# The columns of a page row, in the order `_event` unpacks them.
EVENT_FIELDS = (
    "id", "key", "case__slug", "phase__slug", "phase__name", "date", "date_precision", "end_date",
    "end_date_precision", "title", "description", "event_type", "editor_note", "status", "modified_at", "version",
)  # fmt: skip
CITATION_FIELDS = (
    "event_id", "source__key", "locator", "quote", "source__url", "source__kind", "source__title",
    "source__symbol", "source__date", "source__date_precision", "source__issuer_id", "source__issuer__name",
    "source__issuer__short_name",
)  # fmt: skip
# DRF's own field, so `modified_at` reads exactly as the serializer writes it (time zone, "Z" for UTC).
_DATETIME = serializers.DateTimeField()


def event_rows(events: QuerySet) -> QuerySet:
    """The filtered, ordered events as tuples of the columns a list row shows, ready to paginate."""
    return events.prefetch_related(None).values_list(*EVENT_FIELDS)


def event_page(rows: Sequence[tuple], user, request) -> list[dict]:
    """The serialized events of one page of `event_rows`, as EventSerializer(many=True) gives them."""
    ids = [row[0] for row in rows]
    actor_links, instrument_uses = visible_event_links(user)
    actors = defaultdict(list)
    for event_id, slug, name, role in actor_links.filter(event_id__in=ids).values_list(
        "event_id", "actor__slug", "actor__name", "role"
    ):
        actors[event_id].append({"slug": slug, "name": name, "role": role})
    instruments = defaultdict(list)
    for event_id, slug, name, category, applied_by, note in instrument_uses.filter(event_id__in=ids).values_list(
        "event_id", "instrument__slug", "instrument__name", "instrument__category", "actor__slug", "note"
    ):
        instruments[event_id].append(
            {"slug": slug, "name": name, "category": category, "applied_by": applied_by, "note": note}
        )
    sources = _sources(Citation.objects.filter(event_id__in=ids).order_by("id").values_list(*CITATION_FIELDS))
    api_url = url_maker(request, "api:event-detail", kwarg="pk")
    html_url = url_maker(request, "cases:event")
    return [_event(row, actors, instruments, sources, api_url, html_url) for row in rows]


def _sources(citations) -> dict[int, list[dict]]:
    """Each event's citations as the serializer nests them."""
    sources = defaultdict(list)
    for event_id, key, locator, quote, url, *described in citations:
        citation = _citation(*described)
        sources[event_id].append({"key": key, "citation": citation, "locator": locator, "quote": quote, "url": url})
    return sources


@lru_cache(maxsize=4096)
def _citation(kind, title, symbol, date, date_precision, issuer_id, issuer_name, issuer_short_name) -> str:
    """`Source.citation` of a source known by its columns: the model's rule, made once per distinct source.

    Every column the rule reads is an argument, so an edited source makes a new entry, never a stale string.
    """
    issuer = Actor(id=issuer_id, name=issuer_name, short_name=issuer_short_name) if issuer_id else None
    source = Source(kind=kind, title=title, symbol=symbol, date=date, date_precision=date_precision, issuer=issuer)
    return source.citation


def _event(row: tuple, actors, instruments, sources, api_url: Callable | None, html_url: Callable | None) -> dict:
    (pk, key, case, phase_slug, phase_name, date, precision, end, end_precision, title, description, event_type,
     editor_note, status, modified_at, version) = row  # fmt: skip
    return {
        "id": pk, "key": key, "case": case,
        "phase": {"slug": phase_slug, "name": phase_name} if phase_slug is not None else None,
        "date": date.isoformat(), "date_precision": precision, "end_date": end.isoformat() if end else None,
        "end_date_precision": end_precision, "date_label": format_partial_range(date, precision, end, end_precision),
        "title": title, "description": description, "event_type": event_type, "editor_note": editor_note,
        "actors": actors.get(pk, []), "instruments": instruments.get(pk, []), "sources": sources.get(pk, []),
        "status": status, "modified_at": _DATETIME.to_representation(modified_at),
        "links": {"api": api_url(pk), "html": html_url(pk) if html_url else None},
        "version": version,
    }  # fmt: skip
