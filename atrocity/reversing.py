"""URLs for thousands of rows: reverse once with a placeholder, then fill in each row's id or slug.

`reverse()` walks the URL resolver on every call; on a page of 1,000 events or an export of a million rows that
was a large share of the time. The placeholder is digits, so it matches both an id and a slug converter.
"""

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

PLACEHOLDER = 987654321


def url_parts(request, view_name: str, *, kwarg: str | None = None) -> tuple[str, str] | None:
    """The text before and after the placeholder in the URL (absolute when a request is given; None if unmounted).

    The placeholder goes in as the view's keyword argument `kwarg`, or as its one positional argument.
    """
    try:
        path = reverse(view_name, kwargs={kwarg: PLACEHOLDER}) if kwarg else reverse(view_name, args=[PLACEHOLDER])
    except NoReverseMatch:
        return None
    url = request.build_absolute_uri(path) if request is not None else path
    before, after = url.split(str(PLACEHOLDER), 1)
    return before, after


def url_maker(request, view_name: str, *, kwarg: str | None = None) -> Callable[[object], str] | None:
    """A function id or slug -> URL that reversed once (None when the view is not mounted)."""
    parts = url_parts(request, view_name, kwarg=kwarg)
    if parts is None:
        return None
    before, after = parts
    return lambda key: f"{before}{key}{after}"
