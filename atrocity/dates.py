"""Dates known to a day, a month or a year, as the book gives them.

A partial date is stored as the first day of its period plus a precision, so it sorts and filters like any
date. One formatter turns it into the label readers see ("12 March 2011", "March 2011", "2011"); the API,
the pages and the exports all use it.
"""

import datetime
import re
from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


PRECISION_DEFINITIONS = {
    DatePrecision.DAY: "The source gives the exact day.",
    DatePrecision.MONTH: "The source gives only the month; the stored date is the month's first day.",
    DatePrecision.YEAR: "The source gives only the year; the stored date is 1 January of that year.",
}

_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """Read "1994", "1994-04" or "1994-04-06" into (first day of the period, precision)."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    precision = DatePrecision.DAY if match["day"] else DatePrecision.MONTH if match["month"] else DatePrecision.YEAR
    try:
        return datetime.date(year, month, day), precision
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid date: {error}") from None


def is_consistent(date: datetime.date, precision: str) -> bool:
    """Whether a stored date is the first day of its period, as its precision requires."""
    if precision == DatePrecision.MONTH:
        return date.day == 1
    if precision == DatePrecision.YEAR:
        return date.day == 1 and date.month == 1
    return True


def precision_constraint_q(field: str, precision_field: str) -> models.Q:
    """A Q for a CheckConstraint: month-precision dates fall on day 1, year-precision ones on 1 January."""
    return (
        models.Q(**{precision_field: DatePrecision.DAY})
        | models.Q(**{precision_field: DatePrecision.MONTH, f"{field}__day": 1})
        | models.Q(**{precision_field: DatePrecision.YEAR, f"{field}__day": 1, f"{field}__month": 1})
    )


def period_end(date: datetime.date, precision: str) -> datetime.date:
    """The last day a partial date may mean (the month's or the year's last day)."""
    if precision == DatePrecision.YEAR:
        return datetime.date(date.year, 12, 31)
    if precision == DatePrecision.MONTH:
        next_month = datetime.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return next_month - datetime.timedelta(days=1)
    return date


@lru_cache(maxsize=100_000)
def format_partial_date(date: datetime.date | None, precision: str) -> str:
    """The human label of a partial date: "12 March 2011", "March 2011" or "2011".

    Cached: a page or export labels thousands of dates, mostly the same few hundred, and strftime is not cheap.
    """
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return f"{date:%B} {date.year}"
    return f"{date.day} {date:%B} {date.year}"


def format_partial_range(
    start: datetime.date | None, start_precision: str, end: datetime.date | None, end_precision: str
) -> str:
    """A period label such as "April 1994 – July 1994"; a single date when there is no end."""
    label = format_partial_date(start, start_precision)
    if end and (end, end_precision) != (start, start_precision):
        label = f"{label} – {format_partial_date(end, end_precision)}"
    return label
