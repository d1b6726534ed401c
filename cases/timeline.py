"""The visual timeline of a case: events placed on a real time axis, one lane per instrument category.

Everything is computed here, server-side, as percentages along the axis; the template only positions boxes. A
day-precision event is a point; an event known only to the month or year is drawn as a hatched span over the whole
period it may mean, and an event with an end date as a span, so the drawing never claims more precision than the
source gives.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from atrocity.dates import DatePrecision, period_end
from instruments.models import CATEGORY_DEFINITIONS, InstrumentCategory

NO_INSTRUMENT = "none"
NO_INSTRUMENT_LABEL = "No instrument (context)"
NO_INSTRUMENT_DEFINITION = "Events in which no prevention instrument was applied: violence, politics, elections."

# Rows a lane may stack before marks are allowed to overlap; keeps a 1,000-event lane readable and bounded.
MAX_ROWS_PER_LANE = 6
ROW_HEIGHT_PX = 15
LANE_PADDING_PX = 9
# Width, in percent of the axis, a point mark occupies when deciding whether two marks collide.
POINT_WIDTH_PERCENT = 1.4


@dataclass
class Mark:
    event_id: int
    title: str
    date_label: str
    left: float
    width: float | None
    approximate: bool
    top: int = 0

    @property
    def is_span(self) -> bool:
        return self.width is not None


@dataclass
class Lane:
    category: str
    label: str
    definition: str
    marks: list[Mark] = field(default_factory=list)
    rows: int = 1

    @property
    def height(self) -> int:
        return self.rows * ROW_HEIGHT_PX + LANE_PADDING_PX

    @property
    def marks_html(self) -> SafeString:
        """The lane's marks as links to their events; built here, as a template loop over 1,000 marks is slow."""
        category = escape(self.category)
        return mark_safe("".join(_mark_html(mark, category) for mark in self.marks))


def _mark_html(mark: Mark, category: str) -> str:
    kind = "tl-mark--span" if mark.is_span else "tl-mark--point"
    approximate = " tl-mark--approx" if mark.approximate else ""
    width = f"; width: {mark.width:.3f}%" if mark.is_span else ""
    shape = "" if mark.is_span else f'<span class="shape shape--{category}"></span>'
    return (
        f'<a class="tl-mark tl-mark--{category} {kind}{approximate}" style="left: {mark.left:.3f}%; top: {mark.top}px'
        f'{width}" href="#event-{mark.event_id}" tabindex="-1" title="{escape(mark.date_label)}: '
        f'{escape(mark.title)}">{shape}</a>'
    )


@dataclass
class Tick:
    left: float
    label: str
    major: bool
    year: str = ""  # printed under a month label, at January and at the axis start


@dataclass
class PhaseBand:
    name: str
    label: str
    left: float
    width: float


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    lanes: list[Lane]
    ticks: list[Tick]
    phases: list[PhaseBand]
    event_count: int
    earlier: int = 0
    later: int = 0

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def has_approximate(self) -> bool:
        return any(mark.approximate for lane in self.lanes for mark in lane.marks)

    @property
    def has_spans(self) -> bool:
        return any(mark.is_span and not mark.approximate for lane in self.lanes for mark in lane.marks)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def axis_bounds(case, events: Iterable) -> tuple[datetime.date, datetime.date]:
    """The axis runs over whole months covering the case period and a margin of a tenth of it (one month at least).

    Background events long before the period (the 19th-century conquest of Chechnya) or long after it would
    squash the period into a sliver; they stay in the event list and the caption counts them.
    """
    events = list(events)
    first = case.period_start
    if case.period_end:
        last = period_end(case.period_end, case.period_end_precision)
    else:
        last = max([_event_last_day(event) for event in events if event.date >= first] or [first])
    margin = max(datetime.timedelta(days=31), (last - first) / 10)
    return _month_start(first - margin), _next_month(last + margin)  # end exclusive


def _event_last_day(event) -> datetime.date:
    if event.end_date:
        return period_end(event.end_date, event.end_date_precision)
    return period_end(event.date, event.date_precision)


def ticks_for(start: datetime.date, end: datetime.date) -> list[Tick]:
    """Year ticks for long periods, months for short ones; labelled so they do not crowd on a phone."""
    total = (end - start).days
    years = total / 365.25

    def position(day: datetime.date) -> float:
        return round((day - start).days / total * 100, 3)

    ticks: list[Tick] = []
    if years > 2.5:
        step = next((step for step in (1, 2, 5, 10, 20, 25, 50) if years / step <= 12), 100)
        year = start.year if start.month == 1 else start.year + 1
        while datetime.date(year, 1, 1) < end:
            labelled = year % step == 0
            # Unlabelled yearly gridlines keep the scale honest while they are not too dense to see.
            if labelled or years <= 30:
                ticks.append(Tick(position(datetime.date(year, 1, 1)), str(year) if labelled else "", labelled))
            year += 1
        return ticks
    month_step = 1 if years <= 1.1 else 3
    day = start
    while day < end:
        if (day.month - 1) % month_step == 0:
            is_january = day.month == 1
            year = str(day.year) if is_january or not ticks else ""
            ticks.append(Tick(position(day), f"{day:%b}", major=is_january, year=year))
        day = _next_month(day)
    return ticks


def _pack(marks: list[Mark]) -> int:
    """Stack marks into rows so they do not overlap; returns the number of rows used."""
    row_ends: list[float] = []
    for mark in sorted(marks, key=lambda m: (m.left, -(m.width or 0))):
        right = mark.left + max(mark.width or 0, POINT_WIDTH_PERCENT)
        for row, row_end in enumerate(row_ends):
            if row_end <= mark.left:
                row_ends[row] = right
                break
        else:
            if len(row_ends) < MAX_ROWS_PER_LANE:
                row = len(row_ends)
                row_ends.append(right)
            else:
                row = min(range(len(row_ends)), key=row_ends.__getitem__)
                row_ends[row] = max(row_ends[row], right)
        mark.top = LANE_PADDING_PX // 2 + row * ROW_HEIGHT_PX + ROW_HEIGHT_PX // 2
    return max(len(row_ends), 1)


def build_timeline(case, events: list, phases: list) -> Timeline:
    """Lay out events (from `case_page.case_page_events`, uses in `use_list`) on the case's time axis."""
    start, end = axis_bounds(case, events)
    total = (end - start).days
    one_day = datetime.timedelta(days=1)

    def position(day: datetime.date) -> float:
        return (min(max(day, start), end) - start).days / total * 100

    lanes = {
        category: Lane(category, str(label), CATEGORY_DEFINITIONS[category])
        for category, label in InstrumentCategory.choices
    }
    lanes[NO_INSTRUMENT] = Lane(NO_INSTRUMENT, NO_INSTRUMENT_LABEL, NO_INSTRUMENT_DEFINITION)

    earlier = later = 0
    for event in events:
        last_day = _event_last_day(event)
        if last_day < start:
            earlier += 1
            continue
        if event.date >= end:
            later += 1
            continue
        categories = {use.instrument.category for use in event.use_list} or {NO_INSTRUMENT}
        approximate = event.date_precision != DatePrecision.DAY or bool(
            event.end_date and event.end_date_precision != DatePrecision.DAY
        )
        if approximate or event.end_date is not None:
            # A span over every day the event may cover, cut at the axis ends.
            left = position(event.date)
            width = position(last_day + one_day) - left
        else:
            left, width = position(event.date) + 50 / total, None  # the middle of the day
        for category in categories:
            lanes[category].marks.append(
                Mark(
                    event_id=event.pk,
                    title=event.title,
                    date_label=event.date_label,
                    left=round(left, 3),
                    width=round(width, 3) if width is not None else None,
                    approximate=approximate,
                )
            )
    for lane in lanes.values():
        lane.rows = _pack(lane.marks)

    bands = []
    for phase in phases:
        phase_end = period_end(phase.end_date, phase.end_precision) + one_day if phase.end_date else end
        if phase_end <= start or phase.start_date >= end:
            continue
        left = position(phase.start_date)
        bands.append(PhaseBand(phase.name, phase.period_label, round(left, 3), round(position(phase_end) - left, 3)))
    return Timeline(
        start=start,
        end=end,
        lanes=list(lanes.values()),
        ticks=ticks_for(start, end),
        phases=bands,
        event_count=len(events) - earlier - later,
        earlier=earlier,
        later=later,
    )
