"""Public instrument pages."""

from django.urls import path

from instruments import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("<slug:slug>/", views.instrument_detail, name="detail"),
]
