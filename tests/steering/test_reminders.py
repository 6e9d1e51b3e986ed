"""Reminder e-mails: before a meeting and for overdue actions, never the same reminder twice."""
import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import IntegrityError
from django.utils import timezone

from core import notifications, tenancy
from core.models import Notification
from steering import services, tasks
from steering.models import ReminderSent
from tests import factories
from tests.steering.factories import ActionItemFactory, BodyFactory, BodyMemberFactory, MeetingFactory


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """`run(task, **kwargs)`: run a task and what it leaves for after the commit (the e-mails; the
    test's own transaction never commits)."""
    def call(task, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return task(**kwargs)

    return call


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
def test_reminders_are_sent_once(setup, run):
    result = run(lambda: tasks.send_reminders.delay().get())
    assert result == {"meeting": 4, "overdue": 1, "failed": 0}  # 3 members of A + 1 of B; one overdue task
    recipients = sorted(r for msg in mail.outbox for r in msg.to)
    assert recipients == ["b@example.org", "m0@example.org", "m1@example.org", "m2@example.org", "owner@example.org"]
    assert any("סדר יום" in msg.body for msg in mail.outbox)
    # the job runs again (beat, a retry, a second worker): nothing more is sent
    assert run(lambda: tasks.send_reminders.delay().get()) == {"meeting": 0, "overdue": 0, "failed": 0}
    assert len(mail.outbox) == 5
    assert ReminderSent.all_municipalities.count() == 5
    assert Notification.objects.filter(kind__startswith="steering.").count() == 5


@pytest.mark.django_db
def test_moving_a_meeting_reminds_again(setup, run, tenant_a):
    run(tasks.send_reminders)
    meeting = setup["soon"]
    with tenancy.scope(tenant_a.municipality):
        meeting.starts_at = meeting.starts_at + dt.timedelta(hours=3)
        services.meeting_save(meeting=meeting, by=tenant_a.user("local_director"))
    mail.outbox.clear()
    assert run(tasks.send_reminders_for, municipality_id=tenant_a.municipality.pk)["meeting"] == 3


@pytest.mark.django_db
def test_a_reminder_recorded_by_a_concurrent_run_is_not_sent(setup, tenant_a):
    """Two workers at once: the second's insert hits the unique key and that worker sends nothing."""
    late = setup["late"]
    key = f"overdue:{late.pk}:{late.due_date.isoformat()}:person:{late.owner_id}"
    with tenancy.scope(tenant_a.municipality):
        ReminderSent.objects.create(municipality=tenant_a.municipality, kind="overdue", key=key,
                                    recipient="owner@example.org", subject="x")
        sent = services._remind(municipality=tenant_a.municipality, kind=services.OVERDUE_REMINDER,
                                reminder_kind="overdue", key=key, person=late.owner, subject="x",
                                template="steering/email/overdue_reminder.txt",
                                context={"item": late, "person": late.owner}, url="/")
    assert sent is False and mail.outbox == []
    assert not Notification.objects.exists()  # rolled back with the refused record
    with tenancy.scope(tenant_a.municipality), pytest.raises(IntegrityError):
        ReminderSent.objects.create(municipality=tenant_a.municipality, kind="overdue", key=key,
                                    recipient="owner@example.org", subject="y")


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_tried_again(setup, run, tenant_a, monkeypatch):
    """The mail server is down: the job still finishes, nothing is lost, and the retry task sends
    each reminder once when the server is back."""
    def boom(self, *args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", boom)
    result = run(tasks.send_reminders_for, municipality_id=tenant_a.municipality.pk)
    assert result == {"meeting": 3, "overdue": 1, "failed": 0}
    assert mail.outbox == []
    rows = Notification.objects.filter(kind__startswith="steering.")
    assert rows.count() == 4 and all(n.emailed_at is None and "smtp down" in n.email_error for n in rows)
    monkeypatch.undo()
    later = timezone.now() + dt.timedelta(minutes=10)
    assert notifications.retry_unsent(now=later) == 4
    assert notifications.retry_unsent(now=later) == 0
    assert len(mail.outbox) == 4
    # the next morning's run finds them recorded: nothing more
    assert run(tasks.send_reminders_for, municipality_id=tenant_a.municipality.pk)["overdue"] == 0
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_a_newline_in_a_title_or_a_failing_item_never_stops_the_others(setup, run, tenant_a, tenant_b, caplog):
    """A newline in an action item's title once raised BadHeaderError and stopped the job (3
    reminders sent instead of 55). Subjects are one line now; and one item that fails anyway is
    logged and skipped, in its municipality and in every other."""
    m = tenant_a.municipality
    owner = factories.PersonFactory(municipality=m, email="second@example.org")
    ActionItemFactory(body=setup["body"], municipality=m, owner=owner, title="Line one\nLine two\r\nthree",
                      due_date=timezone.localdate() - dt.timedelta(days=1))
    broken = ActionItemFactory(body=setup["body"], municipality=m, owner=owner, title="breaks",
                               due_date=timezone.localdate() - dt.timedelta(days=1))
    original = notifications.notify

    def failing(**kwargs):
        if kwargs["key"].startswith(f"overdue:{broken.pk}:"):
            raise RuntimeError("a bad row")
        return original(**kwargs)

    services.notifications.notify = failing
    try:
        result = run(lambda: tasks.send_reminders.delay().get())
    finally:
        services.notifications.notify = original
    assert result == {"meeting": 4, "overdue": 2, "failed": 1}
    subjects = [msg.subject for msg in mail.outbox]
    assert any("Line one Line two three" in s for s in subjects)
    assert all("\n" not in s and "\r" not in s for s in subjects)
    assert "b@example.org" in {r for msg in mail.outbox for r in msg.to}
    assert "a bad row" in caplog.text


@pytest.mark.django_db
def test_one_municipality_failing_does_not_stop_the_next(setup, run, tenant_a, monkeypatch):
    real = services.reminders_send

    def fails_for_a(*, municipality, now=None):
        if municipality.pk == tenant_a.municipality.pk:
            raise RuntimeError("broken municipality")
        return real(municipality=municipality, now=now)

    monkeypatch.setattr(services, "reminders_send", fails_for_a)
    result = run(lambda: tasks.send_reminders.delay().get())
    assert result == {"meeting": 1, "overdue": 0, "failed": 1}
    assert [r for msg in mail.outbox for r in msg.to] == ["b@example.org"]


@pytest.mark.django_db
def test_a_member_with_an_account_gets_it_in_the_inbox_in_their_language(setup, run, tenant_a):
    member = setup["members"][0]
    user = factories.UserFactory(language="en")
    factories.MembershipFactory(municipality=tenant_a.municipality, user=user)
    with tenancy.scope_all():
        member.person.user = user
        member.person.save()
    run(tasks.send_reminders_for, municipality_id=tenant_a.municipality.pk)
    notification = Notification.objects.get(recipient=user)
    assert notification.language == "en" and notification.subject.startswith("Reminder: ")
    assert notification.url.endswith(f"/steering/meetings/{setup['soon'].pk}/")
    assert notification.email == member.person.email  # the directory's address, as before
    assert notifications.unread_for(user)["count"] == 1


def test_beat_schedule_has_the_reminders():
    from config.celery import app

    entry = app.conf.beat_schedule["steering-reminders"]
    assert entry["task"] == "steering.send_reminders"
