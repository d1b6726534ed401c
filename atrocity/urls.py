"""Root URLconf: the admin, the REST API under /api/, and the public pages."""

from django.contrib import admin
from django.urls import include, path

from atrocity import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("atrocity.api_urls")),
    path("about/", views.about, name="about"),
    path("actors/", include("actors.urls")),
    path("instruments/", include("instruments.urls")),
    path("", include("cases.urls")),
]
