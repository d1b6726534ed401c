"""Template helpers of the case pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from instruments.models import InstrumentCategory

register = template.Library()

_CATEGORY_ORDER = {code: index for index, code in enumerate(InstrumentCategory.values)}


@register.filter
def event_categories(event) -> list[tuple[str, str]]:
    """The distinct instrument categories an event applied, as (code, label), in the typology's order."""
    categories = {use.instrument.category for use in event.instrument_uses.all()}
    return [(code, InstrumentCategory(code).label) for code in sorted(categories, key=_CATEGORY_ORDER.get)]


@register.filter
def rating_steps(rating: int | None, scale: int = 3) -> list[bool]:
    """[True, True, False] for a rating of 2 on a 0-3 scale: the filled and empty squares of a rating."""
    value = rating or 0
    return [step < value for step in range(scale)]


@register.filter
def percent_of(value, maximum: int) -> str:
    """A rating as a percentage of the scale, for a bar's width; 0 for a missing rating."""
    if not maximum or not isinstance(value, int):
        return "0"
    return f"{value / maximum * 100:.1f}"


@register.filter
def case_label(case) -> str:
    """A short column heading for a case: its country ("Libya"), or its slug when the case is about a region
    of the country ("Chechnya" rather than "Russia")."""
    country = case.country.name
    if slugify(country) == case.slug:
        return country
    return case.slug.replace("-", " ").title()


@register.simple_tag
def select_options(choices, selected) -> SafeString:
    """`<option>`s of (value, label) choices, the selected one marked; built here, as a case with a thousand actors
    made the template loop the slowest part of its page."""
    selected = "" if selected is None else str(selected)
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == selected else ""}>{escape(label)}</option>'
            for value, label in choices
        )
    )
