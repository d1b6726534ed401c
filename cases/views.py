"""Public pages of the cases app, plus the pages that span apps: home, compare and search."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from atrocity.pages import api_url, bad_request
from atrocity.visibility import visible_to
from cases import selectors
from cases.case_page import case_page_events
from cases.display import render_event_items
from cases.filtersets import EventFilterSet
from cases.models import (
    EVENT_TYPE_DEFINITIONS,
    FACTOR_DEFINITIONS,
    RATING_DEFINITIONS,
    Event,
    EventType,
    Factor,
    Rating,
)
from cases.site_search import search_everything
from cases.timeline import NO_INSTRUMENT, NO_INSTRUMENT_LABEL, build_timeline
from instruments.models import CATEGORY_DEFINITIONS, InstrumentCategory

# The most events a case page lists and draws; more would make a page nobody can read (and a slow one).
CASE_PAGE_EVENTS = 1000

# The most actors the compare page's table of actors in several cases shows, those present in the most cases.
SHARED_ACTORS_SHOWN = 50

# The event filters a case page offers; `case` is implied by the page itself.
CASE_PAGE_FILTERS = ("actor", "instrument", "category", "event_type", "date_after", "date_before", "search")


def _factors() -> list[dict]:
    return [{"code": code, "label": label, "definition": FACTOR_DEFINITIONS[code]} for code, label in Factor.choices]


def _categories() -> list[dict]:
    return [
        {"code": code, "label": label, "definition": CATEGORY_DEFINITIONS[code]}
        for code, label in InstrumentCategory.choices
    ]


def home(request: HttpRequest) -> HttpResponse:
    """What the knowledge base is, the cases as cards, the five factors and a search box."""
    context = {"cases": selectors.cases_for_listing(request.user), "factors": _factors()}
    return render(request, "cases/home.html", context)


def case_list(request: HttpRequest) -> HttpResponse:
    """Every case with its period, country and counts."""
    context = {
        "cases": selectors.cases_for_listing(request.user),
        "api_url": api_url("cases/"),
        "csv_url": api_url("cases/", csv=True),
    }
    return render(request, "cases/case_list.html", context)


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A case in the book's model: context, timeline, filtered events, figures, five factors, evaluation."""
    case = get_object_or_404(selectors.cases_for_detail(request.user), slug=slug)
    data = {name: request.GET[name] for name in CASE_PAGE_FILTERS if request.GET.get(name, "") != ""}
    events = visible_to(Event.objects.all(), request.user).filter(case=case)
    filterset = EventFilterSet(data, queryset=events, request=request)
    if not filterset.is_valid():
        return bad_request(request, filterset.errors, back_url=case.get_absolute_url())
    phases = list(case.phases.all())
    # A case with tens of thousands of events shows its first CASE_PAGE_EVENTS; the API and CSV give them all.
    events, truncated = case_page_events(filterset.qs, phases, request.user, CASE_PAGE_EVENTS)
    render_event_items(events, level=4 if phases else 3)  # under phase headings, events are one level deeper
    assessments = {assessment.factor: assessment for assessment in case.factor_assessments.all()}
    factors = [dict(factor, assessment=assessments.get(factor["code"])) for factor in _factors()]
    api_params = {"case": case.slug, **data}
    context = {
        "case": case,
        "is_draft_preview": not case.is_published,
        "events": events,
        "events_truncated": truncated,
        "filters": data,
        "filter_choices": selectors.case_filter_choices(case, request.user),
        "categories": InstrumentCategory.choices,
        "event_types": EventType.choices,
        "timeline": build_timeline(case, events, phases),
        "phases": phases,
        "factors": factors,
        "ratings": Rating.choices,
        "no_instrument": (NO_INSTRUMENT, NO_INSTRUMENT_LABEL),
        "api_url": api_url("events/", api_params),
        "csv_url": api_url("events/", api_params, csv=True),
        "case_api_url": api_url(f"cases/{case.slug}/"),
    }
    return render(request, "cases/case_detail.html", context)


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One event with its actors, instruments, sources and findings, and links onward."""
    event = get_object_or_404(selectors.events_for_detail(request.user), pk=pk)
    previous, following = selectors.neighbouring_events(event, request.user)
    context = {
        "event": event,
        "is_draft_preview": not (event.is_published and event.case.is_published),
        "event_type_definition": EVENT_TYPE_DEFINITIONS.get(event.event_type, ""),
        "previous": previous,
        "following": following,
        "api_url": api_url(f"events/{event.pk}/"),
    }
    return render(request, "cases/event_detail.html", context)


def compare(request: HttpRequest) -> HttpResponse:
    """Cases side by side: instruments by category, shared actors, and the five-factor ratings."""
    cases = list(selectors.cases_for_listing(request.user))
    counts = selectors.event_counts_by_case_and_category(request.user)
    assessments = selectors.factor_assessments_by_case(request.user)
    top = max(counts.values(), default=0)
    matrix = [
        {
            "category": category,
            "cells": [
                {
                    "case": case,
                    "count": counts.get((case.pk, category["code"]), 0),
                    "heat": _heat(counts.get((case.pk, category["code"]), 0), top),
                    "url": f"{case.get_absolute_url()}?category={category['code']}#events",
                }
                for case in cases
            ],
        }
        for category in _categories()
    ]
    across = selectors.actors_across_cases(request.user)
    # The actors present in the most cases, in name order: with fifty cases a thousand actors may qualify, and a
    # table of fifty thousand cells helps nobody (and took seconds to draw). The page says how many are left out.
    shown = {actor.pk for actor, per_case in sorted(across, key=lambda row: -len(row[1]))[:SHARED_ACTORS_SHOWN]}
    shared_actors = [
        {"actor": actor, "cells": [{"case": case, "count": per_case.get(case.pk, 0)} for case in cases]}
        for actor, per_case in across
        if actor.pk in shown
    ]
    factor_rows = [
        dict(factor, cells=[{"case": case, "assessment": assessments.get((case.pk, factor["code"]))} for case in cases])
        for factor in _factors()
    ]
    context = {
        "cases": cases,
        "matrix": matrix,
        "shared_actors": shared_actors,
        "shared_actors_left_out": len(across) - len(shared_actors),
        "factor_rows": factor_rows,
        "ratings": [(value, label, RATING_DEFINITIONS[value]) for value, label in Rating.choices],
        "max_rating": max(Rating.values),
        "api_url": api_url("cases/"),
        "csv_url": api_url("events/", csv=True),
    }
    return render(request, "cases/compare.html", context)


def _heat(count: int, top: int) -> int:
    """A shade from 0 to 4 for a matrix cell; the number is always printed too."""
    if not count or not top:
        return 0
    return min(4, 1 + (count * 4 - 1) // top)


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, strip=True)


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search across cases, events, actors and instruments, ranked, with matches highlighted."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form.errors, back_url=reverse("cases:search"))
    query = form.cleaned_data["q"]
    groups = search_everything(query, request.user) if query else []
    context = {
        "search_query": query,
        "groups": groups,
        "total": sum(group.count for group in groups),
        "api_url": api_url("events/", {"search": query}) if query else "",
        "csv_url": api_url("events/", {"search": query}, csv=True) if query else "",
    }
    return render(request, "cases/search.html", context)
