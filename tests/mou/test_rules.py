"""Rules that keep signatures honest and records plausible (found by QA walking the app):
who signs is fixed once they signed and while the MOU is out for signature; the head of authority and
the CEO always sign; nothing changes while out for signature until the director takes it back to draft;
the local director's profile and the process steps refuse impossible data; the signing box is checked
on the server; left-to-right fragments are isolated in the printed signatures."""
import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core import tenancy
from core.roles import Role
from mou import selectors, services
from mou.models import (
    Agreement,
    AgreementStatus,
    AgreementStep,
    Anchor,
    BudgetLine,
    LocalDirectorProfile,
    RecruitmentStatus,
    Signatory,
    Signature,
    StepKind,
)
from municipalities.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def url(slug, name="index", **kw):
    return reverse(f"mou:{name}", kwargs={"slug": slug, **kw})


def _current(agreement):
    return selectors.current_version(agreement=agreement)


def _slot(agreement, user):
    return next(s for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == user.pk)


def _slot_of(agreement, anchor):
    return next(s for s in selectors.signatory_list(agreement=agreement) if s.anchor == anchor)


def _sign(agreement, user):
    version = _current(agreement)
    return services.signature_sign(agreement=agreement, signatory=_slot(agreement, user), version_id=version.pk,
                                   content_hash=version.content_hash, by=user)


def _edit(agreement, by, **changes):
    version = _current(agreement)
    return services.agreement_save_draft(agreement=agreement, title=version.title,
                                         sections={**version.sections, **changes}, by=by)


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def _status(agreement):
    return Agreement.all_municipalities.get(pk=agreement.pk).status


def _messages(exc):
    return " ".join(exc.value.messages)


# 1. A signature stays under the person who gave it.

def test_a_signatory_who_signed_keeps_their_person(tenant_a, agreement, director, ceo):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        ceo_slot = _slot(agreement, ceo)
        stranger = factories.PersonFactory(municipality=m, full_name="אדם ללא חשבון", user=None)
        ceo_slot.person = stranger
        with pytest.raises(ValidationError) as exc:
            services.signatory_save(signatory=ceo_slot, by=director)
        assert "person" in exc.value.error_dict
        # Unsigned signatories cannot be swapped either while the MOU is out for signature.
        director_slot = _slot_of(agreement, Anchor.INITIATIVE_DIRECTOR)
        director_slot.person = stranger
        with pytest.raises(ValidationError) as exc:
            services.signatory_save(signatory=director_slot, by=director)
        assert "person" in exc.value.error_dict
        # Back in draft, a signatory who signed still keeps their person; one who did not may change.
        services.agreement_withdraw(agreement=agreement, by=director)
        agreement.refresh_from_db()
        ceo_slot = _reload(ceo_slot)
        ceo_slot.person = stranger
        with pytest.raises(ValidationError):
            services.signatory_save(signatory=ceo_slot, by=director)
        director_slot = _reload(director_slot)
        director_slot.person = stranger
        services.signatory_save(signatory=director_slot, by=director)
        signature = Signature.objects.get()
        assert _reload(signature.signatory).person.user == ceo and signature.signed_by == ceo


def test_the_signatory_page_shows_why_the_person_cannot_change(tenant_a, client_for, agreement, director, ceo):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        slot = _slot(agreement, ceo)
        stranger = factories.PersonFactory(municipality=m, full_name="אדם ללא חשבון", user=None)
    response = client_for(director).post(url(m.slug, "signatory_edit", pk=slot.pk), {
        "person": stranger.pk, "anchor": Anchor.CEO, "capacity": slot.capacity, "required": "on",
        "order": slot.order})
    assert response.status_code == 200 and response.context["form"].errors["person"]
    assert "חתם/ה" in response.content.decode()  # the Hebrew message, next to the field
    with tenancy.scope(m):
        assert _reload(slot).person.user == ceo


# 2. The MOU cannot get stuck at "awaiting signatures".

def test_required_flags_and_removal_are_frozen_while_out_for_signature(tenant_a, agreement, director, ceo, head,
                                                                     hq_staff):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        _sign(agreement, head)
        last = _slot_of(agreement, Anchor.INITIATIVE_DIRECTOR)  # the only one who has not signed
        last.required = False
        with pytest.raises(ValidationError) as exc:
            services.signatory_save(signatory=last, by=director)
        assert "required" in exc.value.error_dict
        with pytest.raises(ValidationError):
            services.signatory_remove(signatory=_reload(last), by=director)
        newcomer = factories.PersonFactory(municipality=m, user=factories.UserFactory())
        with pytest.raises(ValidationError):
            services.signatory_save(signatory=Signatory(municipality=m, agreement=agreement, person=newcomer,
                                                        anchor=Anchor.OTHER), by=director)
        assert _status(agreement) == AgreementStatus.SIGNING
        assert _reload(last).required and Signatory.objects.count() == 3
        # How a signatory signs can still be corrected.
        last = _reload(last)
        last.capacity = "מנהלת היוזמה בעיר"
        services.signatory_save(signatory=last, by=director)

        # In draft the director may make them optional (an anchor of the guide, once HQ marked it not
        # applicable: issue 9); sending the unchanged text again completes it.
        services.agreement_withdraw(agreement=agreement, by=director)
        agreement.refresh_from_db()
        services.anchor_mark_not_applicable(agreement=agreement, anchor=Anchor.INITIATIVE_DIRECTOR,
                                            reason="The director signs as the initiative's party", by=hq_staff)
        last = _reload(last)
        last.required = False
        services.signatory_save(signatory=last, by=director)
        services.agreement_submit(agreement=agreement, by=director)
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.SIGNED and agreement.signed_version == _current(agreement)
        assert _current(agreement).signed_at is not None


# 3. The head of authority and the CEO always sign.

def test_head_of_authority_and_ceo_stay_required(tenant_a, agreement, director, head):
    m = tenant_a.municipality
    with tenancy.scope(m):
        for anchor in (Anchor.HEAD_OF_AUTHORITY, Anchor.CEO):
            slot = _slot_of(agreement, anchor)
            slot.required = False
            with pytest.raises(ValidationError) as exc:
                services.signatory_save(signatory=slot, by=director)
            assert "required" in exc.value.error_dict
            slot = _reload(slot)
            slot.anchor = Anchor.OTHER
            with pytest.raises(ValidationError) as exc:
                services.signatory_save(signatory=slot, by=director)
            assert "anchor" in exc.value.error_dict
            with pytest.raises(ValidationError):
                services.signatory_remove(signatory=_reload(slot), by=director)
        assert {s.anchor for s in Signatory.objects.filter(required=True)} >= {Anchor.HEAD_OF_AUTHORITY, Anchor.CEO}

        # Replacing the head of authority: add the new one, then the old one may go.
        old = _slot_of(agreement, Anchor.HEAD_OF_AUTHORITY)
        new_head = factories.PersonFactory(municipality=m, user=factories.UserFactory(), full_name="ראש חדש")
        services.signatory_save(signatory=Signatory(municipality=m, agreement=agreement, person=new_head,
                                                    anchor=Anchor.HEAD_OF_AUTHORITY), by=director)
        services.signatory_remove(signatory=old, by=director)
        assert _slot_of(agreement, Anchor.HEAD_OF_AUTHORITY).person == new_head


def test_the_mou_is_not_sent_without_the_head_and_the_ceo(tenant_a, agreement, director):
    with tenancy.scope(tenant_a.municipality):
        Signatory.objects.filter(agreement=agreement, anchor=Anchor.CEO).delete()  # e.g. older data
        with pytest.raises(ValidationError) as exc, translation.override("en"):
            services.agreement_submit(agreement=agreement, by=director)
        assert "Municipal CEO" in _messages(exc)
        assert _status(agreement) == AgreementStatus.DRAFT


def test_the_page_refuses_to_drop_the_ceo(tenant_a, client_for, agreement, director):
    slug = tenant_a.municipality.slug
    with tenancy.scope(tenant_a.municipality):
        slot = _slot_of(agreement, Anchor.CEO)
    c = client_for(director)
    response = c.post(url(slug, "signatory_edit", pk=slot.pk), {
        "person": slot.person_id, "anchor": Anchor.CEO, "capacity": slot.capacity, "order": slot.order})
    assert response.status_code == 200 and response.context["form"].errors["required"]
    response = c.post(url(slug, "signatory_delete", pk=slot.pk), follow=True)
    assert "חותמים תמיד על מסמך ההבנות" in response.content.decode()
    with tenancy.scope(tenant_a.municipality):
        assert _reload(slot).required


# 4. Nothing changes while out for signature until the director explicitly takes it back to draft.

def test_out_for_signature_the_text_and_budget_are_frozen(tenant_a, agreement, director, ceo):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        signed = _current(agreement)
        with pytest.raises(ValidationError) as exc:
            _edit(agreement, director, purpose="שינוי שקט")
        assert exc.value.code == "out_for_signature"
        line = BudgetLine(municipality=m, agreement=agreement, year=2026, source_sector="authority",
                          funder="x", purpose="x", amount=Decimal("1"))
        with pytest.raises(ValidationError):
            services.budget_line_save(line=line, by=director)
        assert _current(agreement) == signed and Signature.objects.filter(version=signed).count() == 1

        services.agreement_withdraw(agreement=agreement, by=director)
        changed = _edit(agreement, director, purpose="שינוי גלוי")
        services.agreement_submit(agreement=agreement, by=director)
        rows = selectors.signature_rows(agreement=agreement, version=changed)
        assert selectors.signature_progress(rows) == (0, 3)  # everyone signs the new text again
        assert Signature.objects.filter(version=signed).count() == 1  # the old signature stays on record
        services.agreement_withdraw(agreement=agreement, by=director)
        with pytest.raises(ValidationError):  # only an MOU out for signature goes back to draft
            services.agreement_withdraw(agreement=agreement, by=director)


def test_the_edit_page_asks_before_voiding_signatures(tenant_a, client_for, agreement, director, ceo):
    m = tenant_a.municipality
    slug = m.slug
    c = client_for(director)
    c.post(url(slug, "submit"))
    with tenancy.scope(m):
        _sign(agreement, ceo)
        before = _current(agreement)
    page = c.get(url(slug, "edit"))
    body = page.content.decode()
    assert page.status_code == 200 and page.context["form"] is None
    assert page.context["signature_count"] == 1
    assert url(slug, "withdraw") in body and 'name="confirm"' in body
    # A save posted anyway changes nothing.
    posted = c.post(url(slug, "edit"), {"title": "x", "purpose": "שינוי", "change_note": ""})
    assert posted.status_code == 200 and posted.context["form"] is None
    # Taking it back needs the box ticked.
    c.post(url(slug, "withdraw"))
    assert _status(agreement) == AgreementStatus.SIGNING
    assert c.post(url(slug, "withdraw"), {"confirm": "1"}).status_code == 302
    assert _status(agreement) == AgreementStatus.DRAFT
    with tenancy.scope(m):
        assert _current(agreement) == before and Signature.objects.count() == 1
    assert client_for(tenant_a.user(Role.VIEWER)).post(url(slug, "withdraw"), {"confirm": "1"}).status_code == 403


def test_the_budget_page_refuses_changes_out_for_signature(tenant_a, client_for, agreement, director):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    c.post(url(slug, "submit"))
    response = c.post(url(slug, "budget"), {"year": 2026, "source_sector": "authority", "funder": "x",
                                             "purpose": "x", "amount": "5"}, follow=True)
    assert response.status_code == 200 and response.context["form"] is None
    assert "אי אפשר לשנות עכשיו את הנספח התקציבי" in response.content.decode()
    assert not BudgetLine.all_municipalities.exists()


def test_the_api_refuses_budget_changes_out_for_signature(tenant_a, client_for, agreement, director):
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
    response = client_for(director).post("/api/v1/mou/budget-lines/", {
        "municipality": tenant_a.municipality.slug, "agreement": agreement.pk, "year": 2027,
        "source_sector": "government", "funder": "x", "purpose": "x", "amount": "1.00"},
        content_type="application/json")
    assert response.status_code == 400
    assert not BudgetLine.all_municipalities.exists()


# 5. The local director's profile refuses impossible data.

def _profile(tenant, **fields):
    return LocalDirectorProfile(municipality=tenant.municipality, initiative=tenant.initiative, **fields)


@pytest.mark.parametrize("fields, field", [
    ({"start_date": dt.date(2026, 5, 1), "permanent_post_due": dt.date(2026, 1, 1),
      "recruitment_status": RecruitmentStatus.IN_POST}, "permanent_post_due"),
    ({"permanent_post_achieved_on": "future"}, "permanent_post_achieved_on"),
    ({"start_date": dt.date(2025, 5, 1), "permanent_post_achieved_on": dt.date(2025, 1, 1),
      "recruitment_status": RecruitmentStatus.IN_POST}, "permanent_post_achieved_on"),
    ({"recruitment_status": RecruitmentStatus.IN_POST}, "start_date"),
    ({"recruitment_status": RecruitmentStatus.NOT_STARTED, "start_date": dt.date(2026, 1, 1)}, "start_date"),
    ({"start_date": dt.date(1990, 1, 1), "recruitment_status": RecruitmentStatus.IN_POST}, "start_date"),
])
def test_director_profile_dates_and_status_must_agree(tenant_a, fields, field):
    if fields.get("permanent_post_achieved_on") == "future":
        fields = {"permanent_post_achieved_on": timezone.localdate() + dt.timedelta(days=1)}
    with tenancy.scope(tenant_a.municipality), translation.override("he"):
        with pytest.raises(ValidationError) as exc:
            _profile(tenant_a, **fields).full_clean()
        assert field in exc.value.error_dict
        assert any("\u05d0" <= ch <= "\u05ea" for ch in " ".join(exc.value.message_dict[field]))  # Hebrew


def test_the_api_refuses_a_profile_whose_dates_disagree(tenant_a, client_for, director):
    response = client_for(director).post("/api/v1/mou/director-profiles/", {
        "municipality": tenant_a.municipality.slug, "initiative": tenant_a.initiative.pk,
        "recruitment_status": "in_post", "start_date": "2026-05-01", "permanent_post_due": "2026-01-01",
        "permanent_post_achieved_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat()},
        content_type="application/json")
    assert response.status_code == 400
    assert {"permanent_post_due", "permanent_post_achieved_on"} <= set(response.json()["errors"])
    assert not LocalDirectorProfile.all_municipalities.exists()


def test_director_in_post_needs_a_director_who_does_not_report_to_themselves(tenant_a, director):
    m = tenant_a.municipality
    with tenancy.scope(m):
        person = Person.objects.get(municipality=m, user=director)
        tenant_a.initiative.local_director = None
        tenant_a.initiative.save()
        in_post = {"recruitment_status": RecruitmentStatus.IN_POST, "start_date": dt.date(2026, 1, 1)}
        with pytest.raises(ValidationError) as exc:
            services.director_profile_save(profile=_profile(tenant_a, **in_post), by=director)
        assert "recruitment_status" in exc.value.error_dict
        with pytest.raises(ValidationError) as exc:
            services.director_profile_save(profile=_profile(tenant_a, reports_to_person=person, **in_post),
                                           by=director, local_director=person, set_director=True)
        assert "reports_to_person" in exc.value.error_dict
        assert not LocalDirectorProfile.objects.exists()
        ceo_person = Person.objects.get(municipality=m, user=tenant_a.user(Role.MUNICIPAL_CEO))
        services.director_profile_save(profile=_profile(tenant_a, reports_to_person=ceo_person, **in_post),
                                       by=director, local_director=person, set_director=True)
        assert LocalDirectorProfile.objects.get().initiative.local_director == person


def test_the_director_form_shows_the_rules(tenant_a, client_for, director):
    slug = tenant_a.municipality.slug
    with tenancy.scope(tenant_a.municipality):
        person = Person.objects.get(municipality=tenant_a.municipality, user=director)
    response = client_for(director).post(url(slug, "director"), {
        "local_director": person.pk, "reports_to": "ceo", "reports_to_person": person.pk,
        "recruitment_status": "in_post", "start_date": "2026-01-01", "duties": ["policy"], "notes": "הערה"})
    assert response.status_code == 200
    assert "reports_to_person" in response.context["form"].errors
    assert "הערה" in response.content.decode()  # the input is kept
    assert not LocalDirectorProfile.all_municipalities.exists()


# 6. Process steps: plausible dates; the signing comes after a signature.

@pytest.mark.parametrize("day", [dt.date(3000, 1, 1), dt.date(1900, 1, 1)])
def test_steps_refuse_implausible_dates(tenant_a, agreement, director, day):
    with tenancy.scope(tenant_a.municipality):
        step = AgreementStep(municipality=tenant_a.municipality, agreement=agreement, kind=StepKind.INTRODUCTION,
                             date=day)
        with pytest.raises(ValidationError) as exc:
            services.step_save(step=step, by=director)
        assert "date" in exc.value.error_dict
        soon = timezone.localdate() + dt.timedelta(days=30)  # a planned meeting is fine
        services.step_save(step=AgreementStep(municipality=tenant_a.municipality, agreement=agreement,
                                              kind=StepKind.INTRODUCTION, date=soon), by=director)


def test_signing_step_needs_a_signature(tenant_a, agreement, director, ceo):
    m = tenant_a.municipality
    with tenancy.scope(m):
        def signing():
            return AgreementStep(municipality=m, agreement=agreement, kind=StepKind.SIGNING,
                                 date=timezone.localdate())
        with pytest.raises(ValidationError) as exc:
            services.step_save(step=signing(), by=director)
        assert "kind" in exc.value.error_dict
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        services.step_save(step=signing(), by=director)
        assert AgreementStep.objects.filter(kind=StepKind.SIGNING).count() == 1


def test_steps_through_the_page_and_api_show_the_errors(tenant_a, client_for, agreement, director):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    page = c.get(url(slug, "step_new"))
    assert 'min="2000-01-01"' in page.content.decode()
    response = c.post(url(slug, "step_new"), {"kind": "signing", "date": "3000-01-01", "participants": "אנשים"})
    assert response.status_code == 200
    assert {"date", "kind"} <= set(response.context["form"].errors)
    assert "אנשים" in response.content.decode()
    api = c.post("/api/v1/mou/steps/", {"municipality": slug, "agreement": agreement.pk, "kind": "introduction",
                                         "date": "1900-01-01"}, content_type="application/json")
    assert api.status_code == 400 and not AgreementStep.all_municipalities.exists()


# 7. The "I have read version N and sign it" box is checked on the server.

def test_signing_on_the_page_requires_the_read_confirmation(tenant_a, client_for, agreement, director, ceo):
    slug = tenant_a.municipality.slug
    client_for(director).post(url(slug, "submit"))
    with tenancy.scope(tenant_a.municipality):
        version = _current(agreement)
        slot = _slot(agreement, ceo)
    c = client_for(ceo)
    assert 'name="confirm_read"' in c.get(url(slug, "version", pk=version.pk)).content.decode()
    data = {"version": version.pk, "content_hash": version.content_hash}
    response = c.post(url(slug, "sign", pk=slot.pk), data, follow=True)
    assert not Signature.all_municipalities.exists()
    assert response.redirect_chain[-1][0] == url(slug, "version", pk=version.pk)
    assert "לא נחתם דבר" in response.content.decode()
    c.post(url(slug, "sign", pk=slot.pk), {**data, "confirm_read": "1"})
    assert Signature.all_municipalities.get().signed_by == ceo


# 9. Left-to-right fragments in the printed signatures.

def test_signatures_isolate_user_names_and_dates(tenant_a, client_for, agreement, director, ceo, monkeypatch):
    slug = tenant_a.municipality.slug
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        version = _current(agreement)
    page = client_for(director).get(url(slug, "version", pk=version.pk)).content.decode()
    assert f'<bdi dir="ltr" class="ltr-fragment">{ceo.username}</bdi>' in page

    from mou import views

    def as_html(request, template, context, *, filename):
        return HttpResponse(render_to_string(template, context, request=request))
    monkeypatch.setattr(views, "pdf_response", as_html)
    html = client_for(director).get(url(slug, "version_pdf", pk=version.pk)).content.decode()
    assert f'<bdi dir="ltr" class="ltr-fragment">{ceo.username}</bdi>' in html
    signed_at = timezone.localtime(Signature.all_municipalities.get().signed_at).strftime("%-d.%-m.%Y %H:%M")
    assert f'<bdi dir="ltr" class="ltr-fragment">{signed_at}</bdi>' in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_the_pdf_keeps_the_user_name_whole(tenant_a, client_for, agreement, director, ceo, tmp_path):
    slug = tenant_a.municipality.slug
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        _sign(agreement, ceo)
        version = _current(agreement)
    pdf = client_for(director).get(url(slug, "version_pdf", pk=version.pk)).content
    path = tmp_path / "mou.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert ceo.username in text  # whole: not broken at its hyphen
    # ...and not glued to a parenthesis the bidi algorithm moved (was: ")municipal_ceo-..." on its own line)
    assert not re.search(r"[()]\s*" + re.escape(ceo.username), text)
    assert not re.search(re.escape(ceo.username) + r"\s*[()]", text)
