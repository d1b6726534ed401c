"""Thin API views: queryset from a selector, serializer, filterset. Plus the codebook, deletions feed and root."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from atrocity.api.views import ApiViewMixin, ContentViewSet, ListExportMixin
from atrocity.compiled import compiled_ids
from atrocity.filtersets import UTCDateTimeField
from atrocity.pagination import StrictPageNumberPagination
from atrocity.renderers import CSVRenderer, JSONRenderer, TimelineJSRenderer, csv_columns, streaming_csv_response
from atrocity.visibility import visible_to
from cases.api.codebook import codebook
from cases.api.csv_export import EventCSVExportMixin
from cases.api.event_pages import event_page
from cases.api.serializers import (
    CaseDetailSerializer,
    CaseSerializer,
    DeletionSerializer,
    EventSerializer,
    HypothesisSerializer,
    SourceSerializer,
    VocabularyEntrySerializer,
)
from cases.api.timelinejs import timelinejs_document
from cases.filtersets import CaseFilterSet, EventFilterSet, HypothesisFilterSet, SourceFilterSet
from cases.models import CaseStudy
from cases.selectors import (
    cases_for_detail,
    cases_for_listing,
    deletions_since,
    events_for_listing,
    events_in_order,
    hypotheses_for_listing,
    sources_for_listing,
)


def _user(view):
    return getattr(view.request, "user", None)


class CaseViewSet(ContentViewSet):
    """The four case studies; detail adds phases, figures and the five-factor assessments."""

    lookup_field = "slug"
    filterset_class = CaseFilterSet

    def get_queryset(self):
        return cases_for_detail(_user(self)) if self.action == "retrieve" else cases_for_listing(_user(self))

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer


class EventPageMixin:
    """For the event lists: a page in JSON (or the browsable API) built by `event_page`, not the serializer.

    Filters, ordering and pagination (counts, page errors) are the view's own; only the page's serialization changes.
    What is paged is the ids of `events_in_order` narrowed by `scoped`, without the joins and prefetches the
    serializer's queryset declares, compiled once per filter for anonymous readers (`compiled_ids`); `event_page`
    reads their rows. CSV and TimelineJS have their own paths.
    """

    def scoped(self, events: QuerySet) -> QuerySet:
        """The view's events among those given (all of them, or one case's)."""
        return events

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format not in ("json", "api"):
            return super().list(request, *args, **kwargs)
        events = compiled_ids(request, self, lambda: self.filter_queryset(self.scoped(events_in_order(_user(self)))))
        ids = self.paginate_queryset(events)
        return self.get_paginated_response(event_page(ids, _user(self), request, using=events.db))


class EventViewSet(EventCSVExportMixin, EventPageMixin, ContentViewSet):
    """Dated timeline events linking actors, instruments and sources; every filter combines with the others."""

    filterset_class = EventFilterSet
    serializer_class = EventSerializer

    def get_queryset(self):
        return events_for_listing(_user(self))


@extend_schema(
    description="All published events of a case in date order, with the event filters. "
    "`?format=csv` exports every matching row; `?format=timelinejs` answers a TimelineJS document of them."
)
class CaseTimelineView(ApiViewMixin, EventCSVExportMixin, ListExportMixin, EventPageMixin, generics.ListAPIView):
    """A case's events in date order; `?format=timelinejs` for an embeddable TimelineJS timeline."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, TimelineJSRenderer]
    pagination_class = StrictPageNumberPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilterSet
    serializer_class = EventSerializer
    basename = "timeline"

    def get_case(self) -> CaseStudy:
        return get_object_or_404(visible_to(CaseStudy.objects.all(), _user(self)), slug=self.kwargs["slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return events_for_listing(None).none()
        return self.scoped(events_for_listing(_user(self)))

    def scoped(self, events: QuerySet) -> QuerySet:
        return events.filter(case=self.get_case())

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "timelinejs":
            case = self.get_case()
            events = list(self.filter_queryset(events_for_listing(_user(self)).filter(case=case)))
            return Response(timelinejs_document(case, events, list(case.phases.order_by("start_date", "id"))))
        return super().list(request, *args, **kwargs)


class SourceViewSet(ContentViewSet):
    """Citable documents: the book, UN resolutions and reports by symbol, articles."""

    lookup_field = "key"
    filterset_class = SourceFilterSet
    serializer_class = SourceSerializer

    def get_queryset(self):
        return sources_for_listing()


class HypothesisViewSet(ContentViewSet):
    """The book's research hypotheses, each with its finding per case and the evidence events."""

    lookup_field = "code"
    filterset_class = HypothesisFilterSet
    serializer_class = HypothesisSerializer

    def get_queryset(self):
        return hypotheses_for_listing(_user(self))


class CodebookView(ApiViewMixin, APIView):
    """Every controlled vocabulary with codes, labels and definitions, to code and cite consistently."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Codebook",
            {name: VocabularyEntrySerializer(many=True) for name in codebook()},
        )
    )
    def get(self, request):
        return Response(codebook())


SINCE = OpenApiParameter(
    "since",
    OpenApiTypes.DATETIME,
    required=True,
    description="ISO 8601 date-time: changes at or after it.",
)


class DeletionsView(ApiViewMixin, APIView):
    """What was deleted or unpublished since a date-time, from the change history, oldest first.

    A harvester removes these and then fetches `?modified_after=` the same date-time. An unpublished case also
    hides all its events.
    """

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def _since(self):
        raw = self.request.query_params.get("since", "")
        if not raw:
            raise ValidationError({"since": ["Required: an ISO 8601 date-time such as 2025-01-31T00:00:00Z."]})
        try:
            return UTCDateTimeField().clean(raw)
        except DjangoValidationError as error:
            raise ValidationError({"since": error.messages}) from None

    @extend_schema(
        parameters=[
            SINCE,
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description="Rows per page: 1 to 1000, 50 by default."),
        ],
        responses=inline_serializer(
            "PaginatedDeletionList",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": DeletionSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        changes = deletions_since(self._since())
        if request.accepted_renderer.format == "csv":
            return streaming_csv_response(csv_columns(DeletionSerializer().fields), changes, "deletions.csv")
        paginator = StrictPageNumberPagination()
        page = paginator.paginate_queryset(changes, request, view=self)
        return paginator.get_paginated_response(DeletionSerializer(page, many=True).data)


API_ENDPOINTS = {
    "cases": "api:case-list",
    "events": "api:event-list",
    "actors": "api:actor-list",
    "instruments": "api:instrument-list",
    "sources": "api:source-list",
    "hypotheses": "api:hypothesis-list",
    "deletions": "api:deletions",
    "codebook": "api:codebook",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRootView(ApiViewMixin, APIView):
    """The endpoints of the API."""

    permission_classes = [AllowAny]

    @extend_schema(responses=inline_serializer("ApiRoot", {name: serializers.URLField() for name in API_ENDPOINTS}))
    def get(self, request):
        return Response({name: reverse(view_name, request=request) for name, view_name in API_ENDPOINTS.items()})
