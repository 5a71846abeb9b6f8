"""Business-time arithmetic: weekends, holidays, after hours, daylight saving changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.domain.support import LONDON, utc
from tickets.calendar import (
    TWENTY_FOUR_SEVEN,
    add_business_time,
    business_time_between,
    describe_business,
    parse_business_duration,
    parse_business_hours,
)

LONDON_HOURS = parse_business_hours(LONDON, "business_hours")  # Mon-Fri 08:00-18:00, 25 Dec off
H = timedelta(hours=1)


def test_time_inside_working_hours_adds_plainly() -> None:
    assert add_business_time(utc(2026, 11, 30, 10), 2 * H, LONDON_HOURS) == utc(2026, 11, 30, 12)


def test_time_left_on_friday_evening_carries_over_the_weekend() -> None:
    # Friday 17:00 + 2h: one hour on Friday, one on Monday morning.
    assert add_business_time(utc(2026, 11, 27, 17), 2 * H, LONDON_HOURS) == utc(2026, 11, 30, 9)
    assert business_time_between(utc(2026, 11, 27, 17), utc(2026, 11, 30, 9), LONDON_HOURS) == 2 * H


def test_a_holiday_has_no_working_time() -> None:
    # Thursday 24 December 17:00 + 2h: Friday 25 is Christmas, so Monday 28 at 09:00.
    assert add_business_time(utc(2026, 12, 24, 17), 2 * H, LONDON_HOURS) == utc(2026, 12, 28, 9)
    assert business_time_between(utc(2026, 12, 25, 8), utc(2026, 12, 25, 18), LONDON_HOURS) == timedelta(0)


def test_a_ticket_opened_after_hours_starts_counting_at_the_next_opening() -> None:
    assert add_business_time(utc(2026, 11, 30, 20), H, LONDON_HOURS) == utc(2026, 12, 1, 9)
    assert add_business_time(utc(2026, 11, 28, 11), H, LONDON_HOURS) == utc(2026, 11, 30, 9)  # a Saturday
    assert add_business_time(utc(2026, 11, 30, 6), H / 2, LONDON_HOURS) == utc(2026, 11, 30, 8, 30)


def test_spring_forward_moves_the_opening_an_hour_earlier_in_utc() -> None:
    # Friday 27 March 2026 17:00 GMT + 2h; clocks go forward on Sunday 29 March, so Monday opens
    # at 08:00 BST = 07:00 UTC, and the second hour ends at 08:00 UTC (09:00 local).
    assert add_business_time(utc(2026, 3, 27, 17), 2 * H, LONDON_HOURS) == utc(2026, 3, 30, 8)
    assert business_time_between(utc(2026, 3, 27, 17), utc(2026, 3, 30, 8), LONDON_HOURS) == 2 * H


def test_fall_back_moves_the_opening_an_hour_later_in_utc() -> None:
    # Friday 23 October 2026 16:00 UTC is 17:00 BST; Monday 26 October opens at 08:00 GMT = 08:00 UTC.
    assert add_business_time(utc(2026, 10, 23, 16), 2 * H, LONDON_HOURS) == utc(2026, 10, 26, 9)
    assert business_time_between(utc(2026, 10, 23, 16), utc(2026, 10, 26, 9), LONDON_HOURS) == 2 * H


def test_a_full_week_holds_fifty_working_hours_either_side_of_a_dst_change() -> None:
    for monday in (utc(2026, 3, 23), utc(2026, 3, 30), utc(2026, 10, 19), utc(2026, 10, 26)):
        assert business_time_between(monday, monday + timedelta(days=7), LONDON_HOURS) == 50 * H


def test_round_the_clock_counts_real_hours_across_a_dst_change() -> None:
    start = utc(2026, 3, 28, 12)  # Saturday before spring forward
    assert add_business_time(start, 24 * H, TWENTY_FOUR_SEVEN) == utc(2026, 3, 29, 12)
    assert business_time_between(start, utc(2026, 3, 29, 12), TWENTY_FOUR_SEVEN) == 24 * H


def test_adding_and_measuring_agree() -> None:
    starts = [utc(2026, 11, 27, 17, 45), utc(2026, 12, 24, 3), utc(2026, 3, 27, 12, 10), utc(2026, 10, 24, 9)]
    for start in starts:
        for minutes in (1, 59, 600, 601, 3000):
            end = add_business_time(start, timedelta(minutes=minutes), LONDON_HOURS)
            assert business_time_between(start, end, LONDON_HOURS) == timedelta(minutes=minutes)
            assert end.tzinfo is not None and end.utcoffset() == timedelta(0)


def test_business_days_are_working_days_of_the_calendar() -> None:
    assert parse_business_duration("2d", "sla.pending_reminder", LONDON_HOURS) == 20 * H
    assert parse_business_duration("36h", "x", LONDON_HOURS) == 36 * H
    assert parse_business_duration("2d", "x", TWENTY_FOUR_SEVEN) == 48 * H
    assert describe_business(30 * H, LONDON_HOURS) == "3 business days"
    assert describe_business(24 * H, LONDON_HOURS) == "24 working hours"
    assert describe_business(45 * timedelta(minutes=1), LONDON_HOURS) == "45 minutes"
    assert describe_business(24 * H, TWENTY_FOUR_SEVEN) == "1 day"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_time(utc(2026, 11, 30, 10).replace(tzinfo=None), H, LONDON_HOURS)


@pytest.mark.parametrize(("raw", "message"), [
    ({"timezone": "Europe/Londn"}, "business_hours.timezone: 'Europe/Londn' is not a time zone"),
    ({"days": ["mon", "fry"]}, "business_hours.days[1]: 'fry' is not a day"),
    ({"days": []}, "business_hours.days: a non-empty list of days"),
    ({"start": "8am"}, "business_hours.start: '8am' is not a time"),
    ({"end": 1080}, "business_hours.end: 1080 is not a time; write it in quotes"),
    ({"start": "18:00", "end": "08:00"}, "business_hours.end: the working day must end after it starts"),
    ({"holidays": ["25/12/2026"]}, "business_hours.holidays[0]: '25/12/2026' is not a date"),
    ({"hours": "9-5"}, "business_hours.hours: unknown setting"),
])
def test_bad_business_hours_name_the_key(raw: dict, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_business_hours(raw, "business_hours")
    assert message in str(error.value)
