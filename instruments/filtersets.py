"""Instrument filters shared by the API (/api/instruments/) and the instrument pages."""

import django_filters

from actors.models import Actor
from atrocity.filtersets import RowId, SlugFilter, SyncFilterSet
from atrocity.search import contains_search
from instruments.models import Instrument, InstrumentCategory, Nature, PreventionType


class InstrumentFilterSet(SyncFilterSet):
    category = django_filters.ChoiceFilter(choices=InstrumentCategory.choices, help_text="Instrument category code.")
    nature = django_filters.ChoiceFilter(choices=Nature.choices, help_text="Cooperative, confrontational or mixed.")
    prevention_type = django_filters.ChoiceFilter(
        choices=PreventionType.choices, help_text="Structural, operational or both."
    )
    case = SlugFilter(
        "cases.CaseStudy",
        method="filter_case",
        help_text="Case slug: instruments used in it.",
    )
    actor = SlugFilter(
        "actors.Actor",
        method="filter_actor",
        help_text="Actor slug: instruments it or any of its organs and offices applied.",
    )
    search = django_filters.CharFilter(method="filter_search", help_text="Words in the name or description.")

    class Meta:
        model = Instrument
        fields = ["category", "nature", "prevention_type", "case", "actor", "search", "modified_after"]

    # Subqueries on the reverse relation, not joins: no duplicate rows, no DISTINCT, stable pagination.
    def filter_case(self, queryset, name, value: RowId):
        return queryset.filter(pk__in=Instrument.objects.filter(uses__event__case_id=value).values("pk"))

    def filter_actor(self, queryset, name, value: RowId):
        applied = Instrument.objects.filter(uses__actor__in=sorted(Actor.objects.descendant_ids([value]))).values("pk")
        return queryset.filter(pk__in=applied)

    def filter_search(self, queryset, name, value):
        return contains_search(queryset, value, ("name", "description"))
