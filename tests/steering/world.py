"""Rows of every steering model for the isolation test, each carrying the marker."""
import datetime as dt

from django.utils import timezone

from core import tenancy
from steering.models import ReminderSent
from tests import factories
from tests.steering.factories import (
    ActionItemFactory,
    AttendanceFactory,
    BodyFactory,
    BodyMemberFactory,
    DecisionFactory,
    MeetingFactory,
)


def build(*, tenant, marker):
    m = tenant.municipality
    body = BodyFactory(initiative=tenant.initiative, municipality=m, name=f"{marker} body", purpose=marker)
    person = factories.PersonFactory(municipality=m, full_name=f"{marker} member")
    member = BodyMemberFactory(body=body, municipality=m, person=person)
    held = MeetingFactory(body=body, municipality=m, title=f"{marker} meeting", agenda=marker, minutes=marker,
                          status="held", starts_at=timezone.now() - dt.timedelta(days=10))
    MeetingFactory(body=body, municipality=m, title=f"{marker} deleted", minutes=marker,
                   deleted_at=timezone.now())
    AttendanceFactory(meeting=held, municipality=m, member=member, note=marker)
    decision = DecisionFactory(meeting=held, body=body, municipality=m, number=1, text=f"{marker} decision")
    ActionItemFactory(body=body, municipality=m, meeting=held, decision=decision, owner=person,
                      title=f"{marker} action", due_date=timezone.localdate() - dt.timedelta(days=3))
    with tenancy.scope_all():
        ReminderSent.objects.create(municipality=m, kind="meeting", key=f"{marker}-key",
                                    recipient="someone@example.org", subject=f"{marker} reminder", meeting=held)
