"""Pages that belong to no content app: about, and the error pages' handlers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def about(request: HttpRequest) -> HttpResponse:
    """The source book, how entries are sourced and cited, how to cite the knowledge base, the licence."""
    return render(request, "about.html")
