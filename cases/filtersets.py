"""Case, event, source and hypothesis filters shared by the API and the HTML pages: one name, one meaning."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from actors.models import Actor
from atrocity.counting import planner_estimate
from atrocity.filtersets import RowId, SlugFilter, SlugsFilter, SyncFilterSet
from atrocity.lookups import Ids
from atrocity.search import contains_search, ranked_search
from cases.models import (
    CaseStudy,
    Event,
    EventActor,
    EventType,
    Hypothesis,
    InstrumentUse,
    SituationType,
    Source,
    SourceKind,
)
from instruments.models import InstrumentCategory

# The events' stored search document on PostgreSQL (migration cases/0007).
EVENT_SEARCH_VECTOR = "search_vector"

EVENT_ORDERINGS = {"date": ("date", "id"), "-date": ("-date", "-id")}


# Above this many (estimated) links, an actor's events are most events: probe each event instead of collecting them.
DENSE_ACTOR_LINKS = 100_000


def linked_to_actors(actor_ids: list[int]) -> Q:
    """Events in which one of the actors took part or applied an instrument, in the form PostgreSQL plans well.

    Few links: collect their events through the index on the actor, then sort those. Many links (the United
    Nations with all its organs): one EXISTS per event, probing the index on the event, so a page in date order
    stops after its fifty matches. `Exists(a) | Exists(b)` made PostgreSQL hash every link of the actors on every
    request instead: a full scan of both link tables, seconds at a million events.
    """
    # order_by(): the link models' default ordering would join the events into every part of the union.
    # __any (atrocity/lookups.py): the ids as one array parameter, not hundreds.
    actor_ids = Ids(actor_ids)
    links = EventActor.objects.filter(actor_id__any=actor_ids).order_by().values("event_id")
    links = links.union(InstrumentUse.objects.filter(actor_id__any=actor_ids).order_by().values("event_id"), all=True)
    estimate = planner_estimate(links, key=("links of actors", actor_ids.array))
    if estimate is not None and estimate < DENSE_ACTOR_LINKS:
        return Q(pk__in=links)
    as_participant = EventActor.objects.filter(event=OuterRef("pk"), actor_id__any=actor_ids).order_by().values("pk")
    as_applier = InstrumentUse.objects.filter(event=OuterRef("pk"), actor_id__any=actor_ids).order_by().values("pk")
    return Q(Exists(as_participant.union(as_applier, all=True)))


class EventFilterSet(SyncFilterSet):
    case = SlugsFilter(
        "cases.CaseStudy",
        method="filter_case",
        help_text="Case slug; repeat the parameter for several cases.",
    )
    # An unknown slug fails validation, so the API answers 400 naming the parameter.
    actor = SlugFilter(
        "actors.Actor",
        method="filter_actor",
        help_text="Actor slug; includes its organs and offices (united-nations includes the Security Council).",
    )
    instrument = SlugFilter(
        "instruments.Instrument",
        method="filter_instrument",
        help_text="Instrument slug: events in which it was applied.",
    )
    category = django_filters.ChoiceFilter(
        choices=InstrumentCategory.choices,
        method="filter_category",
        help_text="Instrument category: events applying an instrument of that category.",
    )
    event_type = django_filters.ChoiceFilter(choices=EventType.choices, help_text="Event type code.")
    date_after = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="ISO date (YYYY-MM-DD): events on or after it."
    )
    date_before = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="ISO date (YYYY-MM-DD): events on or before it."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Words in the title or description; ranked by relevance on PostgreSQL unless `ordering` is given.",
    )
    # Declared after `search` so an explicit ordering replaces the relevance order.
    ordering = django_filters.ChoiceFilter(
        choices=[("date", "Date, oldest first"), ("-date", "Date, newest first")],
        method="filter_ordering",
        help_text="Sort order: date (oldest first, the default) or -date.",
    )

    class Meta:
        model = Event
        fields = [
            "case",
            "actor",
            "instrument",
            "category",
            "event_type",
            "date_after",
            "date_before",
            "search",
            "ordering",
            "modified_after",
        ]

    def filter_case(self, queryset, name, value: list[RowId] | QuerySet):
        # Cases given clean to a list of ids; none given, to an empty queryset, which `if value` would run.
        return queryset.filter(case__in=value) if isinstance(value, list) else queryset

    # Subqueries, not joins: no duplicate rows, no DISTINCT, stable pagination.
    def filter_actor(self, queryset, name, value: RowId):
        return queryset.filter(linked_to_actors(sorted(Actor.objects.descendant_ids([value]))))

    def filter_instrument(self, queryset, name, value: RowId):
        uses = InstrumentUse.objects.filter(event=OuterRef("pk"), instrument_id=value)
        return queryset.filter(Exists(uses))

    def filter_category(self, queryset, name, category):
        uses = InstrumentUse.objects.filter(event=OuterRef("pk"), instrument__category=category)
        return queryset.filter(Exists(uses))

    def filter_search(self, queryset, name, value):
        return ranked_search(queryset, value, ("title", "description"), stored_vector=EVENT_SEARCH_VECTOR)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*EVENT_ORDERINGS[value])


class CaseFilterSet(SyncFilterSet):
    situation_type = django_filters.ChoiceFilter(choices=SituationType.choices, help_text="Situation type code.")
    search = django_filters.CharFilter(method="filter_search", help_text="Words in the title or summary.")

    class Meta:
        model = CaseStudy
        fields = ["situation_type", "search", "modified_after"]

    def filter_search(self, queryset, name, value):
        return contains_search(queryset, value, ("title", "summary"))


class SourceFilterSet(SyncFilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices, help_text="Source kind code.")
    search = django_filters.CharFilter(method="filter_search", help_text="Words in the title, symbol or key.")

    class Meta:
        model = Source
        fields = ["kind", "search", "modified_after"]

    def filter_search(self, queryset, name, value):
        return contains_search(queryset, value, ("title", "symbol", "key"))


class HypothesisFilterSet(SyncFilterSet):
    class Meta:
        model = Hypothesis
        fields = ["modified_after"]
