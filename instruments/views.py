"""Public instrument pages: the chapter VI typology by category, and one instrument's record."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from atrocity.pages import api_url
from instruments import selectors
from instruments.models import (
    CATEGORY_DEFINITIONS,
    NATURE_DEFINITIONS,
    PREVENTION_TYPE_DEFINITIONS,
    InstrumentCategory,
)


def instrument_list(request: HttpRequest) -> HttpResponse:
    """Instruments by category, each with its nature and prevention type and how often it was applied."""
    instruments = list(selectors.instruments_with_use_counts(request.user))
    groups = [
        {
            "code": code,
            "label": label,
            "definition": CATEGORY_DEFINITIONS[code],
            "instruments": [instrument for instrument in instruments if instrument.category == code],
        }
        for code, label in InstrumentCategory.choices
    ]
    context = {
        "groups": [group for group in groups if group["instruments"]],
        "instrument_count": len(instruments),
        "nature_definitions": NATURE_DEFINITIONS,
        "prevention_type_definitions": PREVENTION_TYPE_DEFINITIONS,
        "api_url": api_url("instruments/"),
        "csv_url": api_url("instruments/", csv=True),
    }
    return render(request, "instruments/instrument_list.html", context)


def instrument_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One instrument: what it is, the book's assessment of its effect, who holds it, where and by whom it was used."""
    instrument = get_object_or_404(selectors.instruments_for_listing(request.user), slug=slug)
    uses = list(selectors.uses_of(instrument))
    by_case: dict = {}
    for use in uses:
        by_case.setdefault(use.event.case, []).append(use)
    context = {
        "instrument": instrument,
        "is_draft_preview": not instrument.is_published,
        "category_definition": CATEGORY_DEFINITIONS.get(instrument.category, ""),
        "nature_definition": NATURE_DEFINITIONS.get(instrument.nature, ""),
        "prevention_type_definition": PREVENTION_TYPE_DEFINITIONS.get(instrument.prevention_type, ""),
        "uses_by_case": [{"case": case, "uses": case_uses} for case, case_uses in by_case.items()],
        "use_count": len(uses),
        "actors": selectors.actors_using(instrument),
        "holders": list(selectors.holders_of(instrument)),
        "api_url": api_url(f"instruments/{instrument.slug}/"),
        "csv_url": api_url("events/", {"instrument": instrument.slug}, csv=True),
    }
    return render(request, "instruments/instrument_detail.html", context)
