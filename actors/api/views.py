"""Thin viewsets: queryset from a selector, serializer, filterset."""

from actors.api.serializers import ActorDetailSerializer, ActorSerializer
from actors.filtersets import ActorFilterSet
from actors.selectors import actors_for_detail, actors_for_listing
from atrocity.api.views import ContentViewSet


class ActorViewSet(ContentViewSet):
    """Institutions, organs, offices, states, NGOs, courts and individuals; `actor` filters include sub-bodies."""

    lookup_field = "slug"
    filterset_class = ActorFilterSet

    def get_queryset(self):
        user = getattr(self.request, "user", None)
        return actors_for_detail(user) if self.action == "retrieve" else actors_for_listing(user)

    def get_serializer_class(self):
        return ActorDetailSerializer if self.action == "retrieve" else ActorSerializer
