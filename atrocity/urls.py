"""Root URLconf: the admin, the REST API under /api/, and the public pages."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
