"""Instrument filters shared by the API (/api/instruments/) and the instrument pages."""

import django_filters
from django.db.models import Model

from actors.filtersets import visible_actors, visible_cases
from actors.models import Actor
from atrocity.filtersets import SyncFilterSet
from atrocity.search import contains_search
from instruments.models import Instrument, InstrumentCategory, Nature, PreventionType


class InstrumentFilterSet(SyncFilterSet):
    category = django_filters.ChoiceFilter(choices=InstrumentCategory.choices, help_text="Instrument category code.")
    nature = django_filters.ChoiceFilter(choices=Nature.choices, help_text="Cooperative, confrontational or mixed.")
    prevention_type = django_filters.ChoiceFilter(
        choices=PreventionType.choices, help_text="Structural, operational or both."
    )
    case = django_filters.ModelChoiceFilter(
        queryset=visible_cases,
        to_field_name="slug",
        method="filter_case",
        help_text="Case slug: instruments used in it.",
    )
    actor = django_filters.ModelChoiceFilter(
        queryset=visible_actors,
        to_field_name="slug",
        method="filter_actor",
        help_text="Actor slug: instruments it or any of its organs and offices applied.",
    )
    search = django_filters.CharFilter(method="filter_search", help_text="Words in the name or description.")

    class Meta:
        model = Instrument
        fields = ["category", "nature", "prevention_type", "case", "actor", "search", "modified_after"]

    # Subqueries on the reverse relation, not joins: no duplicate rows, no DISTINCT, stable pagination.
    def filter_case(self, queryset, name, value: Model):
        return queryset.filter(pk__in=Instrument.objects.filter(uses__event__case=value).values("pk"))

    def filter_actor(self, queryset, name, value: Actor):
        applied = Instrument.objects.filter(uses__actor__in=value.with_descendants()).values("pk")
        return queryset.filter(pk__in=applied)

    def filter_search(self, queryset, name, value):
        return contains_search(queryset, value, ("name", "description"))
