"""The REST API under /api/: one router for the content, plus the codebook, deletions feed, schema and docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from actors.api.views import ActorViewSet
from atrocity.conditional import ConditionalGetMixin
from cases.api.views import (
    ApiRootView,
    CaseTimelineView,
    CaseViewSet,
    CodebookView,
    DeletionsView,
    EventViewSet,
    HypothesisViewSet,
    SourceViewSet,
)
from instruments.api.views import InstrumentViewSet

app_name = "api"


class SchemaView(ConditionalGetMixin, SpectacularAPIView):
    """The OpenAPI 3 document."""


router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("events", EventViewSet, basename="event")
router.register("actors", ActorViewSet, basename="actor")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("sources", SourceViewSet, basename="source")
router.register("hypotheses", HypothesisViewSet, basename="hypothesis")

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("cases/<str:slug>/timeline/", CaseTimelineView.as_view(), name="case-timeline"),
    path("codebook/", CodebookView.as_view(), name="codebook"),
    path("deletions/", DeletionsView.as_view(), name="deletions"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the page needs no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
