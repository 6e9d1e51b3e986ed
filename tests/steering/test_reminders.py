"""Reminder e-mails: before a meeting and for overdue actions, never the same reminder twice."""
import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from core import tenancy
from steering import services, tasks
from steering.models import ReminderSent
from tests import factories
from tests.steering.factories import ActionItemFactory, BodyFactory, BodyMemberFactory, MeetingFactory


@pytest.fixture
def setup(tenant_a, tenant_b):
    m = tenant_a.municipality
    body = BodyFactory(initiative=tenant_a.initiative, municipality=m, reminder_days=3)
    members = [BodyMemberFactory(body=body, municipality=m,
                                 person=factories.PersonFactory(municipality=m, email=f"m{i}@example.org"))
               for i in range(3)]
    BodyMemberFactory(body=body, municipality=m, person=factories.PersonFactory(municipality=m, email=""))
    BodyMemberFactory(body=body, municipality=m, is_active=False,
                      person=factories.PersonFactory(municipality=m, email="left@example.org"))
    soon = MeetingFactory(body=body, municipality=m, starts_at=timezone.now() + dt.timedelta(days=2), agenda="סדר יום")
    MeetingFactory(body=body, municipality=m, starts_at=timezone.now() + dt.timedelta(days=10))  # too early to remind
    MeetingFactory(body=body, municipality=m, starts_at=timezone.now() + dt.timedelta(days=1), status="cancelled")
    owner = factories.PersonFactory(municipality=m, email="owner@example.org")
    late = ActionItemFactory(body=body, municipality=m, owner=owner, due_date=timezone.localdate() - dt.timedelta(days=2))
    ActionItemFactory(body=body, municipality=m, owner=owner, due_date=timezone.localdate() - dt.timedelta(days=2),
                      status="done")
    # municipality B has its own meeting
    body_b = BodyFactory(initiative=tenant_b.initiative, municipality=tenant_b.municipality)
    BodyMemberFactory(body=body_b, municipality=tenant_b.municipality,
                      person=factories.PersonFactory(municipality=tenant_b.municipality, email="b@example.org"))
    MeetingFactory(body=body_b, municipality=tenant_b.municipality, starts_at=timezone.now() + dt.timedelta(days=1))
    return {"body": body, "members": members, "soon": soon, "late": late}


@pytest.mark.django_db
def test_reminders_are_sent_once(setup):
    result = tasks.send_reminders.delay().get()
    assert result == {"meeting": 4, "overdue": 1}  # 3 members of A + 1 of B; one overdue task
    recipients = sorted(r for msg in mail.outbox for r in msg.to)
    assert recipients == ["b@example.org", "m0@example.org", "m1@example.org", "m2@example.org", "owner@example.org"]
    assert any("סדר יום" in msg.body for msg in mail.outbox)
    # the job runs again (beat, a retry, a second worker): nothing more is sent
    assert tasks.send_reminders.delay().get() == {"meeting": 0, "overdue": 0}
    assert len(mail.outbox) == 5
    assert ReminderSent.all_municipalities.count() == 5


@pytest.mark.django_db
def test_moving_a_meeting_reminds_again(setup, tenant_a):
    tasks.send_reminders()
    meeting = setup["soon"]
    with tenancy.scope(tenant_a.municipality):
        meeting.starts_at = meeting.starts_at + dt.timedelta(hours=3)
        services.meeting_save(meeting=meeting, by=tenant_a.user("local_director"))
    mail.outbox.clear()
    assert tasks.send_reminders_for(municipality_id=tenant_a.municipality.pk)["meeting"] == 3


@pytest.mark.django_db
def test_a_reminder_recorded_by_a_concurrent_run_is_not_sent(setup, tenant_a):
    """Two workers at once: the second's insert hits the unique key and that worker sends nothing."""
    late = setup["late"]
    key = f"overdue:{late.pk}:{late.due_date.isoformat()}:person:{late.owner_id}"
    with tenancy.scope(tenant_a.municipality):
        ReminderSent.objects.create(municipality=tenant_a.municipality, kind="overdue", key=key,
                                    recipient="owner@example.org", subject="x")
        sent = services._send_once(municipality_id=tenant_a.municipality.pk, kind="overdue", key=key,
                                   recipient="owner@example.org", subject="x", body_text="x")
    assert sent is False and mail.outbox == []
    with tenancy.scope(tenant_a.municipality), pytest.raises(IntegrityError):
        ReminderSent.objects.create(municipality=tenant_a.municipality, kind="overdue", key=key,
                                    recipient="owner@example.org", subject="y")


@pytest.mark.django_db
def test_a_failed_send_is_not_recorded(setup, tenant_a, monkeypatch):
    def boom(**kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(services, "send_mail", boom)
    with pytest.raises(ConnectionError):
        tasks.send_reminders_for(municipality_id=tenant_a.municipality.pk)
    assert ReminderSent.all_municipalities.count() == 0


def test_beat_schedule_has_the_reminders():
    from config.celery import app

    entry = app.conf.beat_schedule["steering-reminders"]
    assert entry["task"] == "steering.send_reminders"
