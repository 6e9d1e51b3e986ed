"""Factories of stage 4 (rows created in the all-municipalities scope, see tests.factories)."""
import datetime as dt

import factory
from django.utils import timezone

from core.reference import Sector
from steering.defaults import BodyKind
from steering.models import ActionItem, Attendance, Body, BodyMember, Decision, Meeting
from tests.factories import InitiativeFactory, PersonFactory, TenantFactory


class BodyFactory(TenantFactory):
    class Meta:
        model = Body

    initiative = factory.SubFactory(InitiativeFactory)
    municipality = factory.SelfAttribute("initiative.municipality")
    kind = BodyKind.STEERING_COMMITTEE
    name = factory.Sequence(lambda n: f"מינהלת {n}")
    meetings_per_year = 11
    interval_months = 1
    min_size = 30
    max_size = 40
    skip_months = factory.LazyFunction(lambda: [8])
    duration_minutes = 150
    composition_target = factory.LazyFunction(lambda: {"authority": 30, "residents": 30, "third_sector": 20,
                                                       "government": 10, "business": 10})
    established_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=800))


class BodyMemberFactory(TenantFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    person = factory.SubFactory(PersonFactory, municipality=factory.SelfAttribute("..municipality"))
    sector = Sector.AUTHORITY


class MeetingFactory(TenantFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    duration_minutes = 150
    location = "אולם המועצה"


class AttendanceFactory(TenantFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    member = factory.SubFactory(BodyMemberFactory, body=factory.SelfAttribute("..meeting.body"))
    status = "present"


class DecisionFactory(TenantFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    body = factory.SelfAttribute("meeting.body")
    municipality = factory.SelfAttribute("meeting.municipality")
    number = factory.Sequence(lambda n: n + 1)
    text = "החלטה"


class ActionItemFactory(TenantFactory):
    class Meta:
        model = ActionItem

    body = factory.SubFactory(BodyFactory)
    municipality = factory.SelfAttribute("body.municipality")
    owner = factory.SubFactory(PersonFactory, municipality=factory.SelfAttribute("..municipality"))
    title = factory.Sequence(lambda n: f"משימה {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
