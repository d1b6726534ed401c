"""Thin viewsets: queryset from a selector, serializer, filterset."""

from atrocity.api.views import ContentViewSet
from instruments.api.serializers import InstrumentDetailSerializer, InstrumentSerializer
from instruments.filtersets import InstrumentFilterSet
from instruments.selectors import instruments_for_listing


class InstrumentViewSet(ContentViewSet):
    """The means of prevention (chapter VI typology) and, in detail, the cases and actors that used each."""

    lookup_field = "slug"
    filterset_class = InstrumentFilterSet

    def get_queryset(self):
        return instruments_for_listing(getattr(self.request, "user", None))

    def get_serializer_class(self):
        return InstrumentDetailSerializer if self.action == "retrieve" else InstrumentSerializer
