"""The visual timeline's layout: a real time axis, honest precision, one lane per instrument category."""

import datetime
from types import SimpleNamespace

from cases.timeline import MAX_ROWS_PER_LANE, build_timeline, ticks_for


def case(start, end=None, start_precision="day", end_precision="day"):
    return SimpleNamespace(
        period_start=start, period_start_precision=start_precision, period_end=end, period_end_precision=end_precision
    )


def event(pk, date, precision="day", end=None, end_precision="day", categories=()):
    return SimpleNamespace(
        pk=pk,
        title=f"Event {pk}",
        date=date,
        date_precision=precision,
        end_date=end,
        end_date_precision=end_precision,
        date_label=str(date),
        use_list=[SimpleNamespace(instrument=SimpleNamespace(category=c)) for c in categories],
    )


def lanes_of(timeline):
    return {lane.category: lane for lane in timeline.lanes}


def test_a_day_is_a_point_and_a_month_is_a_hatched_span_over_the_whole_month():
    timeline = build_timeline(
        case(datetime.date(2011, 1, 1), datetime.date(2011, 12, 31)),
        [
            event(1, datetime.date(2011, 3, 17), categories=["military"]),
            event(2, datetime.date(2011, 3, 1), precision="month", categories=["military"]),
        ],
        [],
    )
    point, month = sorted(lanes_of(timeline)["military"].marks, key=lambda m: m.event_id)
    assert point.width is None and not point.approximate
    assert month.approximate
    axis_days = (timeline.end - timeline.start).days
    assert round(month.width, 1) == round(31 / axis_days * 100, 1)  # the whole of March, 31 days


def test_axis_covers_the_case_period_and_counts_far_background_events_instead_of_drawing_them():
    timeline = build_timeline(
        case(datetime.date(2011, 2, 1), datetime.date(2011, 10, 1), end_precision="month"),
        [
            event(1, datetime.date(1969, 9, 1)),
            event(2, datetime.date(2011, 1, 20)),
            event(3, datetime.date(2011, 3, 1)),
            event(4, datetime.date(2019, 1, 1)),
        ],
        [],
    )
    assert timeline.start == datetime.date(2011, 1, 1)  # a month's margin before the period
    assert timeline.end == datetime.date(2012, 1, 1)  # October's end plus a month, to a whole month
    drawn = sorted(mark.event_id for lane in timeline.lanes for mark in lane.marks)
    assert drawn == [2, 3]
    assert (timeline.earlier, timeline.later, timeline.event_count) == (1, 1, 2)


def test_a_phase_reaching_back_before_the_axis_is_cut_at_its_start():
    phase = SimpleNamespace(
        name="Background",
        period_label="1960 – 2011",
        start_date=datetime.date(1960, 1, 1),
        start_precision="year",
        end_date=datetime.date(2011, 3, 31),
        end_precision="day",
    )
    timeline = build_timeline(case(datetime.date(2011, 2, 1), datetime.date(2011, 10, 31)), [], [phase])
    assert timeline.phases[0].left == 0
    assert 0 < timeline.phases[0].width < 50


def test_events_without_instruments_go_to_the_context_lane_and_others_to_each_of_their_categories():
    timeline = build_timeline(
        case(datetime.date(2011, 1, 1)),
        [event(1, datetime.date(2011, 1, 5)), event(2, datetime.date(2011, 1, 9), categories=["legal", "economic"])],
        [],
    )
    lanes = lanes_of(timeline)
    assert [m.event_id for m in lanes["none"].marks] == [1]
    assert [m.event_id for m in lanes["legal"].marks] == [2]
    assert [m.event_id for m in lanes["economic"].marks] == [2]
    assert list(lanes) == ["early_warning", "diplomatic", "economic", "legal", "military", "none"]


def test_crowded_lanes_stack_marks_but_never_more_than_the_row_limit():
    many = [event(i, datetime.date(2011, 1, 1), categories=["diplomatic"]) for i in range(50)]
    timeline = build_timeline(case(datetime.date(2011, 1, 1), datetime.date(2011, 12, 31)), many, [])
    lane = lanes_of(timeline)["diplomatic"]
    assert lane.rows == MAX_ROWS_PER_LANE
    assert len({mark.top for mark in lane.marks}) == MAX_ROWS_PER_LANE


def test_ticks_are_years_for_long_periods_and_months_for_short_ones():
    years = ticks_for(datetime.date(1990, 1, 1), datetime.date(1995, 1, 1))
    assert [tick.label for tick in years] == ["1990", "1991", "1992", "1993", "1994"]
    months = ticks_for(datetime.date(2011, 2, 1), datetime.date(2011, 11, 1))
    assert (months[0].label, months[0].year) == ("Feb", "2011")
    assert [tick.label for tick in months][1:3] == ["Mar", "Apr"]
    decades = ticks_for(datetime.date(1960, 1, 1), datetime.date(2000, 1, 1))
    assert [tick.label for tick in decades if tick.label][:2] == ["1960", "1965"]
    centuries = ticks_for(datetime.date(1817, 1, 1), datetime.date(2010, 1, 1))
    assert len([tick for tick in centuries if tick.label]) <= 12
    assert all(0 <= tick.left <= 100 for tick in years + months + decades)
