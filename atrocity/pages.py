"""Helpers every app's HTML views share: links to the matching API URLs and the 400 page."""

from collections.abc import Mapping

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

API_ROOT = "/api/"


def api_url(path: str, params: Mapping[str, str] | None = None, *, csv: bool = False) -> str:
    """The API URL matching a page, e.g. api_url("events/", {"case": "libya"}, csv=True)."""
    query = [(key, value) for key, value in (params or {}).items() if value not in (None, "")]
    if csv:
        query.append(("format", "csv"))
    url = f"{API_ROOT}{path}"
    return f"{url}?{urlencode(query)}" if query else url


def bad_request(request: HttpRequest, errors: Mapping[str, list[str]], back_url: str = "") -> HttpResponse:
    """Answer 400 with a page naming each malformed parameter and what is wrong with it."""
    context = {"errors": sorted(errors.items()), "back_url": back_url or request.path}
    return render(request, "400.html", context, status=400)
