"""Actor filters shared by the API (/api/actors/) and the actor pages."""

import django_filters
from django.apps import apps
from django.db.models import Model, Q

from actors.models import Actor, ActorKind
from atrocity.filtersets import SyncFilterSet
from atrocity.search import contains_search
from atrocity.visibility import visible_to


def visible_actors(request):
    """Actors a filter value may name: published ones, or all for curators."""
    return visible_to(Actor.objects.all(), getattr(request, "user", None))


def visible_cases(request):
    """Cases a filter value may name; looked up by label so `actors` does not import `cases`."""
    case_model = apps.get_model("cases", "CaseStudy")
    return visible_to(case_model.objects.all(), getattr(request, "user", None))


class ActorFilterSet(SyncFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices, help_text="Actor kind code (see the codebook).")
    # An unknown slug fails validation, so the API answers 400 naming the parameter.
    parent = django_filters.ModelChoiceFilter(
        queryset=visible_actors, to_field_name="slug", help_text="Slug of the organisation the actor is an organ of."
    )
    case = django_filters.ModelChoiceFilter(
        queryset=visible_cases,
        to_field_name="slug",
        method="filter_case",
        help_text="Case slug: actors taking part in its events or applying instruments in them.",
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text="Words in the name, short name or description."
    )

    class Meta:
        model = Actor
        fields = ["kind", "parent", "case", "search", "modified_after"]

    def filter_case(self, queryset, name, value: Model):
        # Subqueries on the reverse relations, not joins: no duplicate rows, no DISTINCT, stable pagination.
        in_events = Actor.objects.filter(event_links__event__case=value).values("pk")
        applying = Actor.objects.filter(instrument_uses__event__case=value).values("pk")
        return queryset.filter(Q(pk__in=in_events) | Q(pk__in=applying))

    def filter_search(self, queryset, name, value):
        return contains_search(queryset, value, ("name", "short_name", "description"))
