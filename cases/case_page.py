"""The events of a case page as plain rows: what the page lists and draws, read as tuples, not model instances.

A case page shows up to 1,000 events with their actors, instruments and sources, some 10,000 related rows. Built
as model instances with prefetches they took most of the page's time; read as tuples in five queries and turned
into small named tuples (one per distinct actor, instrument and source), they cost a fraction of it. Every value
the page shows is here; `cases/display.py` turns the rows into HTML and `cases/timeline.py` lays them out.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet

from atrocity.dates import format_partial_range
from atrocity.lookups import Ids
from atrocity.reversing import url_maker
from cases.models import Citation, Phase, Source
from cases.selectors import visible_event_links


class PageActor(NamedTuple):
    name: str
    short_name: str
    url: str


class PageInstrument(NamedTuple):
    name: str
    category: str
    url: str


class PageSource(NamedTuple):
    citation: str
    url: str


class ActorLink(NamedTuple):
    role: str
    actor: PageActor


class Use(NamedTuple):
    instrument: PageInstrument
    actor: PageActor
    note: str


class PageCitation(NamedTuple):
    source: PageSource
    locator: str
    quote: str


@dataclass(slots=True)
class PageEvent:
    """An event as a case page shows it, with its visible links in link order."""

    pk: int
    date: date
    date_precision: str
    end_date: date | None
    end_date_precision: str
    title: str
    description: str
    event_type: str
    editor_note: str
    status: str
    phase: Phase | None
    url: str
    actor_list: list[ActorLink] = field(default_factory=list)
    use_list: list[Use] = field(default_factory=list)
    citation_list: list[PageCitation] = field(default_factory=list)
    item_html: str = ""  # its entry in the page's list, by cases.display.render_event_items

    @property
    def date_label(self) -> str:
        return format_partial_range(self.date, self.date_precision, self.end_date, self.end_date_precision)


EVENT_COLUMNS = (
    "id", "date", "date_precision", "end_date", "end_date_precision", "title", "description", "event_type",
    "editor_note", "status", "phase_id",
)  # fmt: skip


def case_page_events(events: QuerySet, phases: list[Phase], user, limit: int) -> tuple[list[PageEvent], bool]:
    """The first `limit` events of a filtered event queryset in date order, and whether more match."""
    event_url = url_maker(None, "cases:event")
    phases_by_id = {phase.pk: phase for phase in phases}
    events = events.order_by("date", "id")
    rows = list(events.values_list(*EVENT_COLUMNS)[: limit + 1])
    page = [
        PageEvent(*row[:-1], phase=phases_by_id.get(row[-1]), url=event_url(row[0]))
        for row in rows[:limit]
    ]  # fmt: skip
    if page:
        _attach_links({event.pk: event for event in page}, user)
    return page, len(rows) > limit


def _attach_links(by_id: dict[int, PageEvent], user) -> None:
    """Fill each event's actors, instrument uses and citations (four queries whatever the number of events).

    The ids go as one array (`__any`): as 1,000 parameters they cost more to bind than the query to run, and as a
    subquery PostgreSQL sometimes hashed a whole link table rather than probing its index.
    """
    ids = Ids(by_id)
    actor_links, uses = visible_event_links(user)
    actor_links, uses = actor_links.filter(event_id__any=ids), uses.filter(event_id__any=ids)
    actors = _Interned(PageActor, url_maker(None, "actors:detail"))
    instruments = _Interned(PageInstrument, url_maker(None, "instruments:detail"))
    actor_columns = ("actor__slug", "actor__name", "actor__short_name")

    for event_id, role, *actor in actor_links.values_list("event_id", "role", *actor_columns):
        by_id[event_id].actor_list.append(ActorLink(role, actors.get(*actor)))

    instrument_columns = ("instrument__slug", "instrument__name", "instrument__category")
    for event_id, note, slug, name, category, *actor in uses.values_list(
        "event_id", "note", *instrument_columns, *actor_columns
    ):
        by_id[event_id].use_list.append(Use(instruments.get(slug, name, category), actors.get(*actor), note))

    citations = Citation.objects.filter(event_id__any=ids).order_by("id")
    citations = list(citations.values_list("event_id", "source_id", "locator", "quote"))
    sources = {
        source.pk: PageSource(source.citation, source.url)
        for source in Source.objects.filter(pk__in={row[1] for row in citations}).select_related("issuer")
    }
    for event_id, source_id, locator, quote in citations:
        by_id[event_id].citation_list.append(PageCitation(sources[source_id], locator, quote))


class _Interned:
    """One named tuple per slug, so a page with 2,000 links to the same 50 actors builds 50 of them."""

    def __init__(self, row_type: type, url_of) -> None:
        self.row_type, self.url_of, self.rows = row_type, url_of, {}

    def get(self, slug: str, *values):
        row = self.rows.get(slug)
        if row is None:
            row = self.rows[slug] = self.row_type(*values, self.url_of(slug))
        return row
