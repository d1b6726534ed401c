"""Actor filters shared by the API (/api/actors/) and the actor pages."""

import django_filters
from django.db.models import Q

from actors.models import Actor, ActorKind
from atrocity.filtersets import RowId, SlugFilter, SyncFilterSet
from atrocity.search import contains_search


class ActorFilterSet(SyncFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices, help_text="Actor kind code (see the codebook).")
    # An unknown slug fails validation, so the API answers 400 naming the parameter.
    parent = SlugFilter("actors.Actor", help_text="Slug of the organisation the actor is an organ of.")
    case = SlugFilter(
        "cases.CaseStudy",
        method="filter_case",
        help_text="Case slug: actors taking part in its events or applying instruments in them.",
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text="Words in the name, short name or description."
    )

    class Meta:
        model = Actor
        fields = ["kind", "parent", "case", "search", "modified_after"]

    def filter_case(self, queryset, name, value: RowId):
        # Subqueries on the reverse relations, not joins: no duplicate rows, no DISTINCT, stable pagination.
        in_events = Actor.objects.filter(event_links__event__case_id=value).values("pk")
        applying = Actor.objects.filter(instrument_uses__event__case_id=value).values("pk")
        return queryset.filter(Q(pk__in=in_events) | Q(pk__in=applying))

    def filter_search(self, queryset, name, value):
        return contains_search(queryset, value, ("name", "short_name", "description"))
