"""Public pages: home, cases, events, comparison and search."""

from django.urls import path, register_converter

from atrocity.converters import DatabaseIdConverter
from cases import views

app_name = "cases"

register_converter(DatabaseIdConverter, "dbid")

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="list"),
    path("cases/<slug:slug>/", views.case_detail, name="detail"),
    path("events/<dbid:pk>/", views.event_detail, name="event"),
    path("compare/", views.compare, name="compare"),
    path("search/", views.search, name="search"),
]
