"""The base every API view shares: strict pagination, CSV export, conditional GET, JSON errors, safe writes."""

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.renderers import BrowsableAPIRenderer

from atrocity.api.schema import ApiAutoSchema
from atrocity.conditional import ConditionalGetMixin
from atrocity.pagination import StrictPageNumberPagination
from atrocity.renderers import CSVRenderer, JSONRenderer, csv_columns, streaming_csv_response


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ApiViewMixin(ConditionalGetMixin):
    """Content negotiation and error shape shared by every API view, lists or not."""

    # Token first: an anonymous write gets 401 with a WWW-Authenticate challenge rather than a bare 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    schema = ApiAutoSchema()

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:  # DRF's answer to an unknown ?format=
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise ValidationError({"format": [f"Unknown format; this endpoint offers: {formats}."]}) from None

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON whatever format was asked for: a CSV or TimelineJS body cannot name the parameter.
        accepted = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and accepted is not None and accepted.format not in ("json", "api"):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ListExportMixin:
    """`?format=csv` on a list answers every row matching the filters, streamed, not one page."""

    csv_chunk_size = 1000

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            return self.csv_export(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def csv_export(self, queryset):
        """Stream the serialized rows of a queryset as CSV, a chunk of rows (with their prefetches) at a time."""
        columns = csv_columns(self.get_serializer().fields)

        def records():
            batch = []
            for row in queryset.iterator(chunk_size=self.csv_chunk_size):
                batch.append(row)
                if len(batch) == self.csv_chunk_size:
                    yield from self.get_serializer(batch, many=True).data
                    batch = []
            yield from self.get_serializer(batch, many=True).data

        return streaming_csv_response(columns, records(), f"{self.basename or 'export'}.csv")


class ReadOrModelPermission(DjangoModelPermissionsOrAnonReadOnly):
    """DRF's rule (anyone reads, writes need the model permission) without building the view's queryset on reads.

    A read needs no model permission, yet DRF builds the queryset with all its prefetches only to learn its model:
    about a millisecond of every API read. What a reader sees is the queryset's business (drafts are filtered there).
    """

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or super().has_permission(request, view)


class ContentViewSet(ApiViewMixin, ListExportMixin, viewsets.ModelViewSet):
    """Read for everyone (published content), write with the model permission; writes are atomic and in history."""

    permission_classes = [ReadOrModelPermission]
    # Any segment reaches the view, so an odd slug ("a.b") is the API's JSON 404, not the site's HTML one.
    lookup_value_regex = "[^/]+"
    pagination_class = StrictPageNumberPagination
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend]

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()
        self._reload(serializer)

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()
        self._reload(serializer)

    def _reload(self, serializer) -> None:
        """Answer a write with the record as a read shows it (counts, prefetched links), when the writer may read it."""
        saved = serializer.instance
        serializer.instance = self.get_queryset().filter(pk=saved.pk).first() or saved

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise Conflict({"detail": _still_used(error.protected_objects)}) from None
        except RestrictedError as error:
            raise Conflict({"detail": _still_used(error.restricted_objects)}) from None


def _still_used(objects) -> str:
    """Why a record cannot be deleted: a few of the records that still refer to it."""
    names = sorted({str(obj) for obj in objects})
    return f"Other records still refer to it ({len(names)}), e.g. {'; '.join(names[:3])}. Unpublish it instead."
