"""Meeting cadence: planning a year of dates from a body's cadence, and how many meetings a body
owes in a period. Pure functions (no database)."""
import calendar
import datetime as dt
import math


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def same_weekday_in_month(first: dt.date, year: int, month: int) -> dt.date:
    """The date in (year, month) on the same weekday and week of the month as `first` (e.g. the
    second Tuesday); the last such weekday when `first` is in the month's last week."""
    nth = (first.day - 1) // 7  # 0-based week of month
    last_week = first.day + 7 > calendar.monthrange(first.year, first.month)[1]
    days = calendar.monthrange(year, month)[1]
    candidates = [d for d in range(1, days + 1) if dt.date(year, month, d).weekday() == first.weekday()]
    if last_week:
        return dt.date(year, month, candidates[-1])
    return dt.date(year, month, candidates[min(nth, len(candidates) - 1)])


def plan_dates(*, first: dt.date, interval_months: int, skip_months, count: int,
               horizon_months: int = 12) -> list[dt.date]:
    """Up to `count` dates, starting at `first`, one every `interval_months`, on the same weekday and
    week of the month, skipping the calendar months in `skip_months`, within `horizon_months` from
    the first month. When a scheduled month is skipped the meeting moves to the next allowed month
    (the steering committee: monthly, 11 a year, none in August)."""
    skip = set(skip_months or [])
    interval = max(1, int(interval_months))
    dates = []
    offset = 0
    while len(dates) < count and offset < horizon_months:
        year, month = add_months(first.year, first.month, offset)
        if month in skip:
            offset += 1
            continue
        dates.append(first if offset == 0 else same_weekday_in_month(first, year, month))
        offset += interval
    return dates


def months_between(start: dt.date, end: dt.date) -> float:
    return max(0.0, (end - start).days / (365.25 / 12))


def required_meetings(*, meetings_per_year: int, established_on: dt.date | None, window_start: dt.date,
                      window_end: dt.date) -> int:
    """Meetings a body owes in [window_start, window_end]: its yearly requirement, prorated when the
    body was established inside the window (rounded to the nearest meeting, halves up)."""
    start = max(window_start, established_on) if established_on else window_start
    if start >= window_end:
        return 0
    share = min(1.0, months_between(start, window_end) / 12)
    return min(meetings_per_year, math.floor(meetings_per_year * share + 0.5))
