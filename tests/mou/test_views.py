"""The pages: the flow as users click it, concurrency, stale and forged signatures, PDF, approvals,
the template and the local director."""
import datetime as dt

import pytest
from django.utils import timezone

from core import tenancy
from core.roles import Role
from core.stages import Stage
from mou import selectors
from mou.models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    BudgetLine,
    LocalDirectorProfile,
    Signature,
)
from mou.sections import SECTION_KEYS
from municipalities.models import Initiative, Person

pytestmark = pytest.mark.django_db


def url(slug, name="", **kw):
    from django.urls import reverse
    return reverse(f"mou:{name or 'index'}", kwargs={"slug": slug, **kw})


def _draft_post(page_form_data, **changes):
    data = {k: v for k, v in page_form_data.items()}
    data.update(changes)
    return data


def _form_data(response):
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return data


def _current(agreement):
    with tenancy.scope(agreement.municipality_id):
        return selectors.current_version(agreement=agreement)


def _signatory_pk(agreement, user):
    with tenancy.scope(agreement.municipality_id):
        return next(s.pk for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == user.pk)


def test_flow_through_the_pages(tenant_a, client_for, director, ceo, head, hq_staff):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    page = c.get(url(slug))
    assert page.status_code == 200 and "Open the agreement process".encode() not in b"" and page.context["agreement"] is None
    assert c.post(url(slug, "start"), {"language": "he"}).status_code == 302
    agreement = Agreement.all_municipalities.get(municipality=tenant_a.municipality)
    for anchor in ("treasurer", "education_welfare"):  # no such posts in town A: HQ says so (issue 9)
        assert client_for(hq_staff).post(url(slug, "anchor_exempt"), {
            "exempt-anchor": anchor, "exempt-reason": "No such post"}).status_code == 302

    edit = c.get(url(slug, "edit"))
    data = _form_data(edit)
    data["purpose"] = "חזון: כל ילד וילדה בעיר ימצו את הפוטנציאל שלהם"
    data["change_note"] = "ניסוח החזון"
    assert c.post(url(slug, "edit"), data).status_code == 302
    assert _current(agreement).number == 2

    response = c.post(url(slug, "budget"), {"year": 2026, "source_sector": "philanthropy", "funder": "הקרן",
                                             "purpose": "שכר המנהלת היישובית", "amount": "180000"})
    assert response.status_code == 302
    budget = c.get(url(slug, "budget"))
    assert budget.context["summary"]["total"] == 180000

    compare = c.get(url(slug, "compare"))
    assert compare.status_code == 200 and compare.context["changed_count"] >= 1

    assert c.post(url(slug, "submit")).status_code == 302
    version = _current(agreement)
    for user in (ceo, head, director):
        signer = client_for(user)
        page = signer.get(url(slug, "version", pk=version.pk))
        assert page.status_code == 200 and "content_hash" in page.content.decode()
        response = signer.post(url(slug, "sign", pk=_signatory_pk(agreement, user)),
                               {"version": version.pk, "content_hash": version.content_hash,
                                "confirm_read": "1"})
        assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert c.get(url(slug, "edit")).status_code == 302  # locked: sent back to the overview

    response = c.post(url(slug, "step_new"), {"kind": "launch", "date": "2026-04-01",
                                               "participants": "ראש הרשות, מנכ\"ל", "notes": "כנס השקה"})
    assert response.status_code == 302
    assert Initiative.all_municipalities.get(pk=tenant_a.initiative.pk).stage == Stage.LOCAL_DIRECTOR

    assert c.post(url(slug, "amend")).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT and _current(agreement).amendment_number == 1


def test_concurrent_draft_saves_are_detected(tenant_a, client_for, director, hq_admin, agreement):
    slug = tenant_a.municipality.slug
    first, second = client_for(director), client_for(hq_admin)
    data_first = _form_data(first.get(url(slug, "edit")))
    data_second = _form_data(second.get(url(slug, "edit")))
    data_first["bodies"] = "מינהלת של 35 חברים"
    assert first.post(url(slug, "edit"), data_first).status_code == 302
    data_second["evaluation"] = "טקסט של המשתמש השני"
    response = second.post(url(slug, "edit"), data_second)
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "טקסט של המשתמש השני" in response.content.decode()  # the input is kept
    assert _current(agreement).number == 2


def test_stale_signature_is_refused_on_the_page(tenant_a, client_for, director, ceo, agreement):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    c.post(url(slug, "submit"))
    read = _current(agreement)
    assert c.post(url(slug, "withdraw"), {"confirm": "1"}).status_code == 302
    data = _form_data(c.get(url(slug, "edit")))
    data["principles"] = "עקרונות מעודכנים"
    c.post(url(slug, "edit"), data)
    c.post(url(slug, "submit"))
    response = client_for(ceo).post(url(slug, "sign", pk=_signatory_pk(agreement, ceo)),
                                    {"version": read.pk, "content_hash": read.content_hash, "confirm_read": "1"},
                                    follow=True)
    assert "מסמך ההבנות השתנה אחרי שפתחת אותו" in response.content.decode()
    assert not Signature.all_municipalities.exists()


def test_a_user_cannot_sign_for_another(tenant_a, client_for, director, ceo, agreement):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    c.post(url(slug, "submit"))
    version = _current(agreement)
    ceo_slot = _signatory_pk(agreement, ceo)
    for role in (Role.LOCAL_DIRECTOR, Role.HEAD_OF_AUTHORITY, Role.VIEWER):
        client_for(tenant_a.user(role)).post(url(slug, "sign", pk=ceo_slot),
                                             {"version": version.pk, "content_hash": version.content_hash,
                                              "confirm_read": "1"})
    assert not Signature.all_municipalities.exists()
    page = client_for(director).get(url(slug, "version", pk=version.pk))
    ceo_row = next(r for r in page.context["signature_rows"] if r["signatory"].pk == ceo_slot)
    assert not ceo_row["can_sign"]


def test_ceo_sees_the_mou_awaiting_approval(tenant_a, client_for, director, ceo, agreement):
    slug = tenant_a.municipality.slug
    client_for(director).post(url(slug, "submit"))
    page = client_for(ceo).get(f"/m/{slug}/approvals/")
    body = page.content.decode()
    version = _current(agreement)
    assert url(slug, "version", pk=version.pk) in body


def test_pdf_is_a_real_pdf(tenant_a, client_for, director, agreement):
    response = client_for(director).get(url(tenant_a.municipality.slug, "version_pdf",
                                            pk=_current(agreement).pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000


def test_only_managers_change_things(tenant_a, client_for, agreement):
    slug = tenant_a.municipality.slug
    viewer = client_for(tenant_a.user(Role.VIEWER))
    assert viewer.get(url(slug)).status_code == 200
    assert viewer.get(url(slug, "edit")).status_code == 403
    assert viewer.post(url(slug, "budget"), {"year": 2026}).status_code == 403
    assert viewer.post(url(slug, "submit")).status_code == 403
    assert viewer.get(url(slug, "template")).status_code == 403
    assert not BudgetLine.all_municipalities.exists()


def test_hq_edits_the_template_and_new_agreements_start_from_it(tenant_a, client_for, hq_staff, director):
    slug = tenant_a.municipality.slug
    hq = client_for(hq_staff)
    data = _form_data(hq.get(url(slug, "template") + "?language=he"))
    data.update({"language": "he", "title": "מסמך הבנות של הקרן", "purpose": "ייעוד מהתבנית של המטה"})
    assert hq.post(url(slug, "template"), data).status_code == 302
    client_for(director).post(url(slug, "start"), {"language": "he"})
    version = AgreementVersion.all_municipalities.get()
    assert version.title == "מסמך הבנות של הקרן" and version.sections["purpose"] == "ייעוד מהתבנית של המטה"
    assert set(version.sections) == set(SECTION_KEYS)


def test_local_director_profile_and_permanent_post_warning(tenant_a, client_for, director):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    form_page = c.get(url(slug, "director"))
    assert form_page.status_code == 200 and form_page.context["form"] is not None
    due = timezone.localdate() + dt.timedelta(days=30)
    with tenancy.scope(tenant_a.municipality):
        director_person = Person.objects.get(municipality=tenant_a.municipality, user=director)
        ceo_person = Person.objects.get(municipality=tenant_a.municipality, user=tenant_a.user(Role.MUNICIPAL_CEO))
    response = c.post(url(slug, "director"), {
        "local_director": director_person.pk, "reports_to": "ceo", "reports_to_person": ceo_person.pk,
        "recruitment_status": "in_post", "start_date": "2026-01-01", "permanent_post_due": due.isoformat(),
        "duties": ["systemic_change", "partnerships"], "notes": ""})
    assert response.status_code == 302
    profile = LocalDirectorProfile.all_municipalities.get()
    assert profile.duties == ["systemic_change", "partnerships"]
    assert profile.permanent_post_state() == "near"
    assert Initiative.all_municipalities.get(pk=tenant_a.initiative.pk).local_director == director_person
    page = client_for(tenant_a.user(Role.VIEWER)).get(url(slug, "director"))
    assert page.context["post_state"] == "near" and page.context["form"] is None
    assert profile.permanent_post_state(today=due + dt.timedelta(days=1)) == "overdue"
    bad = c.post(url(slug, "director") + "?edit=1", {
        "reports_to": "ceo", "recruitment_status": "in_post", "start_date": "2026-05-01",
        "permanent_post_due": "2026-01-01", "version": profile.updated_at.isoformat()})
    assert bad.status_code == 200 and "permanent_post_due" in bad.context["form"].errors


def test_an_english_mou_prints_in_english(tenant_a, client_for, director):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    c.post(url(slug, "start"), {"language": "en"})
    agreement = Agreement.all_municipalities.get()
    version = _current(agreement)
    assert agreement.language == "en" and version.title.startswith("Memorandum of understanding")
    assert "Systemic change" in version.sections["principles"]
    page = c.get(url(slug, "version", pk=version.pk))
    assert 'dir="ltr" lang="en"' in page.content.decode()
    response = c.get(url(slug, "version_pdf", pk=version.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_overview_warns_as_the_permanent_post_date_nears(tenant_a, client_for, director, agreement):
    with tenancy.scope(tenant_a.municipality):
        from mou import services
        services.director_profile_save(profile=LocalDirectorProfile(
            municipality=tenant_a.municipality, initiative=tenant_a.initiative,
            permanent_post_due=timezone.localdate() + dt.timedelta(days=10)), by=director)
    page = client_for(tenant_a.user(Role.VIEWER)).get(url(tenant_a.municipality.slug))
    assert page.context["post_state"] == "near"
    assert url(tenant_a.municipality.slug, "director") in page.content.decode()


def test_pages_do_not_query_per_signatory(tenant_a, client_for, director, agreement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mou import services
    from mou.models import Anchor, Signatory
    from tests import factories

    slug = tenant_a.municipality.slug
    c = client_for(director)
    version_url = url(slug, "version", pk=_current(agreement).pk)

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(path).status_code == 200
        return len(ctx)

    before = {p: count(p) for p in (url(slug), version_url)}
    with tenancy.scope(tenant_a.municipality):
        for i in range(6):
            user = factories.UserFactory()
            person = factories.PersonFactory(municipality=tenant_a.municipality, user=user)
            services.signatory_save(signatory=Signatory(municipality=tenant_a.municipality, agreement=agreement,
                                                        person=person, anchor=Anchor.OTHER, order=10 + i),
                                    by=director)
    assert {p: count(p) for p in before} == before
