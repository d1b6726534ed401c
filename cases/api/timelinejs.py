"""A case timeline as TimelineJS JSON (https://timeline.knightlab.com/docs/json-format.html)."""

import datetime

from django.utils.html import escape

from atrocity.dates import DatePrecision
from cases.models import CaseStudy, Event, Phase


def _timeline_date(date: datetime.date, precision: str, label: str = "") -> dict:
    """A TimelineJS date with only the parts the precision knows, so "April 1994" is not shown as 1 April."""
    parts: dict = {"year": date.year}
    if precision in (DatePrecision.MONTH, DatePrecision.DAY):
        parts["month"] = date.month
    if precision == DatePrecision.DAY:
        parts["day"] = date.day
    if label:
        parts["display_date"] = label
    return parts


def timelinejs_document(case: CaseStudy, events: list[Event], phases: list[Phase]) -> dict:
    """The TimelineJS document of a case: its events as slides and its phases as eras (text HTML-escaped)."""
    slides = []
    for event in events:
        slide = {
            "unique_id": f"event-{event.pk}",
            "start_date": _timeline_date(event.date, event.date_precision),
            "display_date": event.date_label,
            "text": {"headline": escape(event.title), "text": escape(event.description)},
            "group": escape(event.phase.name) if event.phase else "",
        }
        if event.end_date:
            slide["end_date"] = _timeline_date(event.end_date, event.end_date_precision)
        slides.append(slide)
    eras = [
        {
            "start_date": _timeline_date(phase.start_date, phase.start_precision),
            "end_date": _timeline_date(phase.end_date, phase.end_precision),
            "text": {"headline": escape(phase.name)},
        }
        for phase in phases
        if phase.end_date  # TimelineJS requires both ends of an era
    ]
    return {
        "title": {
            "unique_id": f"case-{case.slug}",
            "text": {"headline": escape(case.title), "text": escape(case.summary)},
        },
        "events": slides,
        "eras": eras,
    }
