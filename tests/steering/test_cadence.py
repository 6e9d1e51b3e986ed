"""Planning a year of meetings from a body's cadence (pure functions and the service)."""
import datetime as dt

import pytest
from django.utils import timezone

from steering import cadence, services
from steering.defaults import BODY_DEFAULTS, BodyKind
from steering.models import Meeting


def test_steering_committee_plans_eleven_monthly_dates_and_skips_august():
    d = BODY_DEFAULTS[BodyKind.STEERING_COMMITTEE]
    dates = cadence.plan_dates(first=dt.date(2027, 1, 12), interval_months=d.interval_months,
                               skip_months=d.skip_months, count=d.meetings_per_year)
    assert len(dates) == 11
    assert [x.month for x in dates] == [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]
    assert all(x.weekday() == dt.date(2027, 1, 12).weekday() for x in dates)  # same weekday (Tuesday)
    assert all(8 <= x.day <= 14 for x in dates)  # the second Tuesday of each month


def test_a_year_starting_in_september_still_skips_august():
    dates = cadence.plan_dates(first=dt.date(2026, 9, 1), interval_months=1, skip_months=[8], count=11)
    assert len(dates) == 11
    assert 8 not in [x.month for x in dates]
    assert dates[-1] == dt.date(2027, 7, 6)  # the first Tuesday of July


def test_a_first_date_in_a_skipped_month_moves_to_the_next_month():
    dates = cadence.plan_dates(first=dt.date(2026, 8, 4), interval_months=1, skip_months=[8], count=3)
    assert [x.month for x in dates] == [9, 10, 11]


def test_leading_team_meets_at_least_every_two_months():
    d = BODY_DEFAULTS[BodyKind.LEADING_TEAM]
    dates = cadence.plan_dates(first=dt.date(2027, 1, 5), interval_months=d.interval_months,
                               skip_months=d.skip_months, count=d.meetings_per_year)
    assert len(dates) == 6
    assert [x.month for x in dates] == [1, 3, 5, 7, 9, 11]
    month_gaps = [(b.year * 12 + b.month) - (a.year * 12 + a.month) for a, b in zip(dates, dates[1:])]
    assert month_gaps == [2] * 5  # never more than two calendar months apart
    assert max((b - a).days for a, b in zip(dates, dates[1:])) <= 63  # same weekday: at most nine weeks


def test_last_week_of_month_stays_the_last_weekday():
    dates = cadence.plan_dates(first=dt.date(2027, 1, 28), interval_months=1, skip_months=[], count=3)
    # 28 Jan 2027 is the last Thursday of January
    assert dates[1] == dt.date(2027, 2, 25) and dates[2] == dt.date(2027, 3, 25)


def test_required_meetings_are_prorated_for_a_young_body():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert cadence.required_meetings(meetings_per_year=11, established_on=None, window_start=start,
                                     window_end=end) == 11
    assert cadence.required_meetings(meetings_per_year=6, established_on=dt.date(2026, 7, 1), window_start=start,
                                     window_end=end) == 3
    assert cadence.required_meetings(meetings_per_year=6, established_on=dt.date(2027, 1, 1), window_start=start,
                                     window_end=end) == 0


@pytest.mark.django_db
def test_plan_year_creates_the_meetings_once(tenant_a, scope_of):
    user = tenant_a.user("local_director")
    with scope_of(tenant_a.municipality):
        body = services.body_create(initiative=tenant_a.initiative, kind=BodyKind.STEERING_COMMITTEE,
                                    name="מינהלת", by=user)
        created = services.meetings_plan_year(body=body, first_date=dt.date(2027, 1, 12), start_time=dt.time(17, 0),
                                              location="אולם", by=user)
        assert len(created) == 11
        first = created[0]
        assert timezone.localtime(first.starts_at).hour == 17
        assert first.duration_minutes == 150  # 2.5 hours, the guide's default
        # planning again does not double the dates
        assert services.meetings_plan_year(body=body, first_date=dt.date(2027, 1, 12), start_time=dt.time(17, 0),
                                           by=user) == []
        assert Meeting.objects.filter(body=body).count() == 11
