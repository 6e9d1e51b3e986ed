"""core.notifications: one notify() that records an inbox entry and e-mails it after commit, once,
in the recipient's language, as plain text; the inbox page and the header badge, per user."""
import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from core import notifications
from core.models import Notification
from core.roles import Role
from tests import factories
from tests.conftest import MARKER_B

pytestmark = pytest.mark.django_db

NAME = 'ג\'מאל אבו "ראס"'


class LanguageSpy:
    """A context value that records the language active when it is rendered."""

    def __init__(self):
        self.seen = []

    def __str__(self):
        self.seen.append(translation.get_language())
        return "spy"


def _notify(user, key="k1", **kwargs):
    options = {"kind": "test.event", "key": key, "recipient": user, "subject": gettext_lazy("Hello %(name)s"),
               "body": gettext_lazy("Dear %(name)s, something happened."), "context": {"name": NAME}, "url": "/"}
    options.update(kwargs)
    return notifications.notify(**options)


@pytest.fixture
def member(tenant_a):
    return tenant_a.user(Role.VIEWER)


def test_notify_records_and_emails_once_after_commit(member, tenant_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _notify(member, municipality=tenant_a.municipality)
        assert mail.outbox == []  # nothing leaves before the commit
        again = _notify(member, municipality=tenant_a.municipality)
    assert first is not None and again is None and len(callbacks) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert Notification.objects.filter(recipient=member).count() == 1
    first.refresh_from_db()
    assert first.emailed_at is not None and first.email_attempts == 1
    # the task running twice (a retry, a second worker) sends nothing more
    assert notifications.send_email(first.pk) is False and len(mail.outbox) == 1


def test_a_concurrent_call_hitting_the_unique_key_sends_nothing(member, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(member)
    # the other call looked before the first row existed, then lost the race on the constraint
    real_filter = Notification.objects.filter
    monkeypatch.setattr(Notification.objects, "filter",
                        lambda *a, **k: real_filter(pk=-1) if set(k) == {"key"} else real_filter(*a, **k))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _notify(member) is None
    assert callbacks == [] and len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_nothing_is_recorded_or_sent_when_the_transaction_rolls_back(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _notify(member)
                raise RuntimeError("the write failed")
    assert callbacks == [] and mail.outbox == [] and not Notification.objects.exists()


@pytest.mark.parametrize("language", ["en", "ar", "he"])
def test_rendered_in_the_recipients_language(member, language, django_capture_on_commit_callbacks):
    member.language = language
    member.save()
    spy = LanguageSpy()
    with translation.override("he"), django_capture_on_commit_callbacks(execute=True):
        notification = _notify(member, subject=gettext_lazy("Hello %(name)s"), context={"name": spy},
                               body_template="municipalities/email/invitation_inbox.txt")
    assert notification.language == language
    assert spy.seen and set(spy.seen) == {language}
    if language == "en":
        assert mail.outbox[0].subject == "Hello spy"


def test_an_address_without_an_account_gets_the_default_language_and_no_inbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(None, email="resident@example.org")
    assert notification.recipient is None and notification.language == "he"
    assert mail.outbox[0].to == ["resident@example.org"]
    assert _notify(None, key="k2", email="") is None  # nobody to tell


def test_names_stay_unescaped_and_subjects_are_one_line(member, django_capture_on_commit_callbacks):
    context = {"by": NAME, "municipality": {"name": f'{NAME} <b>&'}, "role": "viewer"}
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify(
            kind="test.event", key="names", recipient=member, subject=gettext_lazy("About %(who)s"),
            body_template="municipalities/email/invitation_inbox.txt",
            context={**context, "who": f"{NAME}\nBcc: someone@example.org\r\n"})
    message = mail.outbox[0]
    assert NAME in message.body and f'{NAME} <b>&' in message.body
    assert "&#x27;" not in message.body and "&quot;" not in message.body and "&amp;" not in message.body
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.startswith("About " + NAME) and notification.subject == message.subject
    assert notifications.render_plain("municipalities/email/invitation_inbox.txt", context).count(NAME) == 2


def test_a_failed_email_is_recorded_retried_and_never_raised(member, monkeypatch, django_capture_on_commit_callbacks):
    from django.core.mail import EmailMessage

    monkeypatch.setattr(EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("down")))
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(member)
    notification.refresh_from_db()
    assert notification.emailed_at is None and "down" in notification.email_error
    monkeypatch.undo()
    # the caller notifying the same thing again tries the e-mail again (once)
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(member) is None
        assert _notify(member) is None
    assert len(mail.outbox) == 1


def test_invitation_email_link_is_kept_only_until_sent(member, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notification = notifications.notify(
            kind="test.event", key="secret", recipient=member, subject="Invitation",
            body=gettext_lazy("Inbox text"), email_body_template="municipalities/email/invitation.txt",
            context={"user": member, "municipality": {"name": "Town"}, "role": "viewer", "by": "Dana",
                     "link": "/accounts/password/reset/abc/token/", "needs_password": True})
        assert notification.email_body  # kept until the commit sends it
    assert "/accounts/password/reset/abc/token/" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.body == "Inbox text" and notification.email_body == ""


def test_unread_for_and_the_count_take_one_query(member, django_assert_num_queries):
    for i in range(7):
        _notify(member, key=f"n{i}")
    from core import access

    access.visible_scope(member)  # memberships are loaded once per request anyway
    with django_assert_num_queries(1):
        assert notifications.unread_count(member) == 7
    summary = notifications.unread_for(member, limit=5)
    assert summary["count"] == 7 and len(summary["latest"]) == 5
    assert summary["latest"][0].key == "test.event:n6"  # newest first


def test_a_user_only_sees_own_notifications_of_municipalities_they_still_see(tenant_a, tenant_b, member):
    other = tenant_a.user(Role.LOCAL_DIRECTOR)
    _notify(member, key="mine", municipality=tenant_a.municipality)
    _notify(other, key="theirs", municipality=tenant_a.municipality)
    _notify(member, key="of-b", municipality=tenant_b.municipality)  # member of A only: hidden
    _notify(member, key="platform")  # no municipality
    assert sorted(n.key for n in notifications.inbox(member)) == ["test.event:mine", "test.event:platform"]
    assert notifications.unread_count(member) == 2
    with pytest.raises(Notification.DoesNotExist):
        notifications.mark_read(user=member, notification_id=Notification.objects.get(key="test.event:theirs").pk)


# --- pages ---------------------------------------------------------------------------------------
def _english(client):
    client.cookies["yishuv_language"] = "en"
    return client


def test_inbox_lists_unread_first_marks_read_and_opens_the_target(member, tenant_a, client_for):
    old = _notify(member, key="old", url=f"/m/{tenant_a.municipality.slug}/", municipality=tenant_a.municipality)
    new = _notify(member, key="new", url="https://evil.example.org/", subject="Second")
    notifications.mark_read(user=member, notification_id=new.pk)
    third = _notify(member, key="third", subject="Third")
    client = _english(client_for(member))
    page = client.get("/notifications/").content.decode()
    assert page.index(f"/notifications/{third.pk}/") < page.index(f"/notifications/{old.pk}/") \
        < page.index(f"/notifications/{new.pk}/")
    assert "2 unread notifications" in page  # the header badge's text label
    assert NAME.replace('"', "&quot;").replace("'", "&#x27;") in page  # HTML pages escape, as they must
    # following a notification opens its target and marks it read; a foreign URL is not followed
    response = client.get(f"/notifications/{old.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/m/{tenant_a.municipality.slug}/"
    assert client.get(f"/notifications/{new.pk}/")["Location"] == "/notifications/"
    old.refresh_from_db()
    assert old.read_at is not None
    assert client.post(f"/notifications/{third.pk}/read/", {"next": "/notifications/"}).status_code == 302
    assert notifications.unread_count(member) == 0
    _notify(member, key="fourth")
    _notify(member, key="fifth")
    assert client.post("/notifications/read-all/").status_code == 302
    assert notifications.unread_count(member) == 0
    assert "You have no unread notifications." in client.get("/notifications/").content.decode()


def test_header_badge_counts_and_labels_unread(member, tenant_a, client_for):
    client = _english(client_for(member))
    page = client.get(f"/m/{tenant_a.municipality.slug}/").content.decode()
    assert 'href="/notifications/"' in page and "unread notification" not in page
    _notify(member, key="one")
    page = client.get(f"/m/{tenant_a.municipality.slug}/").content.decode()
    assert "1 unread notification<" in page and '<span aria-hidden="true">1</span>' in page


def test_inbox_is_the_users_own(tenant_a, tenant_b, client_for):
    b_user = tenant_b.user(Role.LOCAL_DIRECTOR)
    secret = _notify(b_user, key="b", subject=f"{MARKER_B} secret", municipality=tenant_b.municipality)
    intruder = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    assert MARKER_B not in intruder.get("/notifications/").content.decode()
    assert intruder.get(f"/notifications/{secret.pk}/").status_code == 404
    assert intruder.post(f"/notifications/{secret.pk}/read/").status_code == 404
    intruder.post("/notifications/read-all/")
    secret.refresh_from_db()
    assert secret.read_at is None
    assert f"{MARKER_B} secret" in client_for(b_user).get("/notifications/").content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    for url in ("/notifications/", "/notifications/1/"):
        assert "/accounts/login/" in client.get(url)["Location"]


def test_the_language_switcher_remembers_the_users_language(member, client_for):
    client = client_for(member)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["yishuv_language"].value == "en"
    member.refresh_from_db()
    assert member.language == "en"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"


def test_new_users_default_to_hebrew():
    assert factories.UserFactory().language == "he"
