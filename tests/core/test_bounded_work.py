"""Issue 8, section 4, "unbounded work inside a request": long texts are capped on every text field
users fill (pages, API and services alike), and PDFs are converted once per content, within a time
limit, never again on the next click."""
import time

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.test import APIClient

from core import pdf, tenancy, textcaps
from core.roles import Role
from core.services import model_save
from mou import services as mou_services
from mou.sections import SECTION_KEYS
from steering import services as steering_services
from steering.models import Meeting
from tests.steering.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _meeting(tenant):
    m = tenant.municipality
    return MeetingFactory(body=BodyFactory(initiative=tenant.initiative, municipality=m), municipality=m,
                          minutes="סיכום הישיבה")


def _project_models():
    from django.conf import settings

    local = {a.split(".")[0] for a in settings.INSTALLED_APPS if not a.startswith(("django", "rest_framework"))}
    return [m for m in apps.get_models() if m._meta.app_label in local or m.__module__.split(".")[0] in local]


# --- text caps --------------------------------------------------------------------------------------
def test_every_text_field_of_every_model_has_a_cap():
    fields = [(model, f) for model in _project_models() for f in model._meta.concrete_fields
              if isinstance(f, models.TextField)]
    assert fields, "the project has text fields"
    for model, field in fields:
        limit = textcaps.text_limit(model, field)
        assert limit is not None and limit <= 50_000, (model, field.name)


def test_minutes_take_50000_characters_and_no_more(tenant_a):
    meeting = _meeting(tenant_a)
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    with tenancy.scope(tenant_a.municipality):
        steering_services.meeting_record_minutes(meeting=meeting, minutes="א" * 50_000, by=director)
        meeting = Meeting.objects.get(pk=meeting.pk)
        with pytest.raises(ValidationError) as caught:
            steering_services.meeting_record_minutes(meeting=meeting, minutes="א" * 50_001, by=director)
    assert "minutes" in caught.value.message_dict
    assert Meeting.all_municipalities.get(pk=meeting.pk).minutes == "א" * 50_000


def test_other_long_texts_are_capped_at_10000_on_the_one_write_path(tenant_a):
    meeting = _meeting(tenant_a)
    meeting.agenda = "x" * 10_001
    with tenancy.scope(tenant_a.municipality), pytest.raises(ValidationError) as caught:
        model_save(meeting, by=tenant_a.user(Role.LOCAL_DIRECTOR))
    assert "agenda" in caught.value.message_dict


def test_the_minutes_page_refuses_a_megabyte_with_a_message_and_keeps_the_text(tenant_a, client_for):
    meeting = _meeting(tenant_a)
    client = client_for(tenant_a.user(Role.LOCAL_DIRECTOR))
    client.cookies["yishuv_language"] = "en"
    text = "סיכום " * 200_000
    response = client.post(f"/m/{tenant_a.municipality.slug}/steering/meetings/{meeting.pk}/minutes/",
                           {"minutes": text, "version": meeting.updated_at.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value has at most 50000 characters" in page.replace(",", "")
    assert text.strip() in page  # nothing the user typed is lost
    assert Meeting.all_municipalities.get(pk=meeting.pk).minutes == "סיכום הישיבה"


def test_the_api_refuses_over_long_minutes_with_a_field_error(tenant_a):
    meeting = _meeting(tenant_a)
    client = APIClient()
    client.force_authenticate(tenant_a.user(Role.LOCAL_DIRECTOR))
    response = client.patch(f"/api/v1/steering/meetings/{meeting.pk}/", {"minutes": "x" * 50_001}, format="json",
                            HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    assert "minutes" in response.json() or "minutes" in str(response.json())
    assert Meeting.all_municipalities.get(pk=meeting.pk).minutes == "סיכום הישיבה"


def test_mou_sections_are_capped_too(tenant_a):
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    with tenancy.scope(tenant_a.municipality):
        agreement = mou_services.agreement_start(initiative=tenant_a.initiative, by=director)
        with pytest.raises(ValidationError) as caught:
            mou_services.agreement_save_draft(agreement=agreement, title="MOU", by=director,
                                              sections={SECTION_KEYS[0]: "x" * 10_001})
    assert SECTION_KEYS[0] in caught.value.message_dict


# --- PDFs: once per content, within a time limit --------------------------------------------------
@pytest.fixture
def renders(monkeypatch):
    calls = []
    original = pdf.render_bounded

    def counting(html, base_url, **kwargs):
        calls.append(html)
        return original(html, base_url, **kwargs)

    monkeypatch.setattr(pdf, "render_bounded", counting)
    return calls


def test_the_minutes_pdf_is_converted_once_for_many_clicks(tenant_a, client_for, renders):
    meeting = _meeting(tenant_a)
    url = f"/m/{tenant_a.municipality.slug}/steering/meetings/{meeting.pk}/minutes.pdf"
    first = client_for(tenant_a.user(Role.VIEWER)).get(url)
    second = client_for(tenant_a.user(Role.LOCAL_DIRECTOR)).get(url)
    assert first.status_code == second.status_code == 200
    assert first.content.startswith(b"%PDF") and second.content == first.content
    assert len(renders) == 1
    with tenancy.scope(tenant_a.municipality):  # new content: a new document
        meeting = Meeting.objects.get(pk=meeting.pk)
        steering_services.meeting_record_minutes(meeting=meeting, minutes="סיכום אחר",
                                                 by=tenant_a.user(Role.LOCAL_DIRECTOR))
    assert client_for(tenant_a.user(Role.VIEWER)).get(url).status_code == 200
    assert len(renders) == 2


def test_the_mou_pdf_is_converted_once_per_version(tenant_a, client_for, renders):
    director = tenant_a.user(Role.LOCAL_DIRECTOR)
    with tenancy.scope(tenant_a.municipality):
        agreement = mou_services.agreement_start(initiative=tenant_a.initiative, by=director)
        version = agreement.versions.order_by("-number").first()
    from django.urls import reverse

    url = reverse("mou:version_pdf", kwargs={"slug": tenant_a.municipality.slug, "pk": version.pk})
    for _ in range(3):
        response = client_for(director).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert len(renders) == 1


def _slow(html, base_url):
    time.sleep(30)
    return b"%PDF never"


def test_a_slow_conversion_is_stopped_at_the_limit(monkeypatch):
    monkeypatch.setattr(pdf, "_write_pdf", _slow)
    started = time.monotonic()
    with pytest.raises(pdf.PdfTimeout):
        pdf.render_bounded("<p>x</p>", "http://testserver/", limit=0.5)
    assert time.monotonic() - started < 5


def test_a_document_over_the_limit_answers_with_a_message_not_a_hung_request(tenant_a, client_for, monkeypatch,
                                                                             settings):
    settings.PDF_RENDER_TIME_LIMIT = 0.5
    monkeypatch.setattr(pdf, "_write_pdf", _slow)
    meeting = _meeting(tenant_a)
    client = client_for(tenant_a.user(Role.VIEWER))
    client.cookies["yishuv_language"] = "en"
    url = f"/m/{tenant_a.municipality.slug}/steering/meetings/{meeting.pk}/minutes.pdf"
    started = time.monotonic()
    response = client.get(url)
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert "too long to print" in response.content.decode()
    monkeypatch.setattr(pdf, "_write_pdf", lambda html, base_url: b"%PDF quick")
    assert client.get(url).status_code == 503  # not tried again at once: no click storm of conversions


def test_the_page_waits_briefly_then_says_the_document_is_being_prepared(tenant_a, client_for, monkeypatch,
                                                                        settings):
    settings.PDF_WAIT_SECONDS = 0.3
    from core import tasks

    queued = []
    monkeypatch.setattr(tasks.pdf_render, "delay", lambda **kw: queued.append(kw))  # a worker not done yet
    meeting = _meeting(tenant_a)
    client = client_for(tenant_a.user(Role.VIEWER))
    client.cookies["yishuv_language"] = "en"
    url = f"/m/{tenant_a.municipality.slug}/steering/meetings/{meeting.pk}/minutes.pdf"
    response = client.get(url)
    assert response.status_code == 202 and response["Refresh"]
    assert "being prepared" in response.content.decode()
    client.get(url)
    assert len(queued) == 1  # the second click does not queue a second conversion
    pdf.convert_and_cache(**queued[0])
    done = client.get(url)
    assert done.status_code == 200 and done.content.startswith(b"%PDF")
