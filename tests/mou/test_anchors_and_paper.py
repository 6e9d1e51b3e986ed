"""Issue 9, MOU: the guide's five anchors sign unless HQ marks one not applicable (with a reason, HQ
only, recorded and shown); a signatory without an account signs on paper and the local director uploads
the signed scan (type and size checked, bound to the version, downloaded only inside the municipality);
the head of authority's and the CEO's rows offer no "remove" that would be refused; the points where the
MOU goes out for signature and is fully signed are named services (for notifications)."""
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core import tenancy
from core.roles import Role
from mou import selectors, services
from mou.models import Agreement, AgreementStatus, Anchor, AnchorExemption, Signatory, Signature
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def url(slug, name="index", **kw):
    return reverse(f"mou:{name}", kwargs={"slug": slug, **kw})


def _current(agreement):
    return selectors.current_version(agreement=agreement)


def _slot(agreement, anchor):
    return next(s for s in selectors.signatory_list(agreement=agreement) if s.anchor == anchor)


def _sign(agreement, user):
    version = _current(agreement)
    slot = next(s for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == user.pk)
    return services.signature_sign(agreement=agreement, signatory=slot, version_id=version.pk,
                                   content_hash=version.content_hash, by=user)


@pytest.fixture
def fresh(tenant_a, director):
    """An MOU draft with no anchor marked not applicable."""
    with tenancy.scope(tenant_a.municipality):
        return services.agreement_start(initiative=tenant_a.initiative, by=director)


@pytest.fixture
def treasurer(tenant_a, agreement, director):
    """A treasurer without a user account, added to the MOU as a required signatory who signs on paper."""
    m = tenant_a.municipality
    with tenancy.scope(m):
        AnchorExemption.objects.filter(agreement=agreement, anchor=Anchor.TREASURER).delete()
        person = factories.PersonFactory(municipality=m, full_name="רונית פרץ", role_title="גזברית", user=None)
        return services.signatory_save(signatory=Signatory(municipality=m, agreement=agreement, person=person,
                                                           anchor=Anchor.TREASURER, signs_on_paper=True),
                                       by=director)


def _upload(content=PDF, name="signed.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _record_paper(agreement, slot, by, scan=None, version=None):
    version = version or _current(agreement)
    return services.signature_record_paper(agreement=agreement, signatory=slot, version_id=version.pk,
                                           content_hash=version.content_hash, scan=scan or _upload(), by=by)


# 1. The five anchors sign, unless HQ marks one not applicable.

def test_each_anchor_of_the_guide_is_needed_to_send(tenant_a, fresh, director, hq_staff):
    with tenancy.scope(tenant_a.municipality):
        with pytest.raises(ValidationError) as exc, translation.override("en"):
            services.agreement_submit(agreement=fresh, by=director)
        text = " ".join(exc.value.messages)
        assert exc.value.code == "anchors" and "Treasurer" in text and "education / welfare" in text
        assert Agreement.objects.get(pk=fresh.pk).status == AgreementStatus.DRAFT
        services.anchor_mark_not_applicable(agreement=fresh, anchor=Anchor.TREASURER,
                                            reason="The CEO is also the treasurer", by=hq_staff)
        with pytest.raises(ValidationError), translation.override("en"):
            services.agreement_submit(agreement=fresh, by=director)
        exemption = services.anchor_mark_not_applicable(agreement=fresh, anchor=Anchor.EDUCATION_WELFARE,
                                                        reason="One division for both", by=hq_staff)
        services.agreement_submit(agreement=fresh, by=director)
        assert Agreement.objects.get(pk=fresh.pk).status == AgreementStatus.SIGNING
        assert exemption.decided_by == hq_staff and exemption.decided_at is not None
        assert AnchorExemption.history.filter(id=exemption.pk).first().history_user == hq_staff


def test_only_hq_marks_an_anchor_not_applicable_and_never_the_head_or_ceo(tenant_a, fresh, director, ceo,
                                                                          hq_staff, client_for):
    m = tenant_a.municipality
    with tenancy.scope(m):
        for user in (director, ceo):
            with pytest.raises(PermissionDenied):
                services.anchor_mark_not_applicable(agreement=fresh, anchor=Anchor.TREASURER, reason="x", by=user)
        for anchor in (Anchor.HEAD_OF_AUTHORITY, Anchor.CEO):
            with pytest.raises(ValidationError):
                services.anchor_mark_not_applicable(agreement=fresh, anchor=anchor, reason="x", by=hq_staff)
        with pytest.raises(ValidationError) as exc:  # a reason is required
            services.anchor_mark_not_applicable(agreement=fresh, anchor=Anchor.TREASURER, reason="  ",
                                                by=hq_staff)
        assert "reason" in exc.value.error_dict
    body = {"exempt-anchor": Anchor.TREASURER, "exempt-reason": "x"}
    assert client_for(director).post(url(m.slug, "anchor_exempt"), body).status_code == 403
    assert not AnchorExemption.all_municipalities.exists()
    # The director's page offers no such form; HQ's does.
    assert 'name="exempt-reason"' not in client_for(director).get(url(m.slug, "signatories")).content.decode()
    assert 'name="exempt-reason"' in client_for(hq_staff).get(url(m.slug, "signatories")).content.decode()
    assert client_for(hq_staff).post(url(m.slug, "anchor_exempt"), {
        "exempt-anchor": Anchor.TREASURER, "exempt-reason": "The CEO is also the treasurer"}).status_code == 302
    with tenancy.scope(m):
        exemption = AnchorExemption.objects.get()
    assert client_for(director).post(url(m.slug, "anchor_exempt_delete", pk=exemption.pk)).status_code == 403
    assert client_for(hq_staff).post(url(m.slug, "anchor_exempt_delete", pk=exemption.pk)).status_code == 302
    assert not AnchorExemption.all_municipalities.exists()


def test_the_reason_is_shown_with_the_signatories(tenant_a, agreement, client_for, director):
    slug = tenant_a.municipality.slug
    for page in (url(slug, "signatories"), url(slug)):
        body = client_for(director).get(page).content.decode()
        assert "No such post in this authority" in body
    viewer = client_for(tenant_a.user(Role.VIEWER)).get(url(slug)).content.decode()
    assert "No such post in this authority" in viewer


def test_an_anchor_of_the_guide_stays_required_unless_hq_waives_it(tenant_a, fresh, director, hq_staff):
    m = tenant_a.municipality
    with tenancy.scope(m):
        slot = _slot(fresh, Anchor.INITIATIVE_DIRECTOR)
        slot.required = False
        with pytest.raises(ValidationError) as exc:
            services.signatory_save(signatory=slot, by=director)
        assert "required" in exc.value.error_dict
        with pytest.raises(ValidationError) as exc:
            services.signatory_remove(signatory=Signatory.objects.get(pk=slot.pk), by=director)
        assert exc.value.code == "anchor"
        services.anchor_mark_not_applicable(agreement=fresh, anchor=Anchor.INITIATIVE_DIRECTOR,
                                            reason="x", by=hq_staff)
        services.signatory_save(signatory=slot, by=director)
        assert not Signatory.objects.get(pk=slot.pk).required


# 2. The page offers "remove" exactly where the service accepts it.

def test_head_and_ceo_rows_have_no_remove_button(tenant_a, agreement, client_for, director, hq_staff):
    m = tenant_a.municipality
    with tenancy.scope(m):
        extra = factories.PersonFactory(municipality=m, user=factories.UserFactory(), full_name="שותפה נוספת")
        other = services.signatory_save(signatory=Signatory(municipality=m, agreement=agreement, person=extra,
                                                            anchor=Anchor.OTHER), by=director)
        slots = {s.anchor: s for s in selectors.signatory_list(agreement=agreement)}
    body = client_for(director).get(url(m.slug, "signatories")).content.decode()
    offered = {int(pk) for pk in re.findall(r"/signatories/(\d+)/delete/", body)}
    assert slots[Anchor.HEAD_OF_AUTHORITY].pk not in offered and slots[Anchor.CEO].pk not in offered
    assert slots[Anchor.INITIATIVE_DIRECTOR].pk not in offered  # an anchor of the guide, not waived
    assert other.pk in offered
    with tenancy.scope(m):
        rows = {r["signatory"].pk: r for r in selectors.signatory_table(agreement=agreement)}
        for slot in slots.values():  # what the page offers is what the service does
            if rows[slot.pk]["removable"]:
                continue
            with pytest.raises(ValidationError):
                services.signatory_remove(signatory=slot, by=director)
        services.signatory_remove(signatory=other, by=director)


# 3. A signature on paper.

def test_a_signatory_without_an_account_signs_on_paper(tenant_a, agreement, treasurer, director, ceo, head):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        for user in (ceo, head, director):
            _sign(agreement, user)
        assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.SIGNING  # the treasurer next
        version = _current(agreement)
        signature = _record_paper(agreement, treasurer, director)
        assert signature.on_paper and signature.decided_by is None and signature.recorded_by == director
        assert signature.content_hash == version.content_hash and signature.version == version
        assert signature.kind == Anchor.TREASURER and signature.signer_name == "רונית פרץ"
        assert signature.scan.name.startswith(f"mou/signatures/{m.pk}/") and signature.scan.name.endswith(".pdf")
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.SIGNED and agreement.signed_version == version
        with pytest.raises(ValidationError):  # once per version
            _record_paper(agreement, treasurer, director)


def test_paper_signatures_are_refused_when_stale_forged_or_not_for_paper(tenant_a, agreement, treasurer, director,
                                                                         ceo):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        version = _current(agreement)
        with pytest.raises(ValidationError) as exc:  # another fingerprint than the version's
            services.signature_record_paper(agreement=agreement, signatory=treasurer, version_id=version.pk,
                                            content_hash="0" * 64, scan=_upload(), by=director)
        assert exc.value.code == "stale"
        with pytest.raises(PermissionDenied):  # only the local director or HQ records one
            _record_paper(agreement, treasurer, ceo)
        with pytest.raises(ValidationError):  # the CEO signs from their own account
            _record_paper(agreement, _slot(agreement, Anchor.CEO), director)
        assert not Signature.objects.exists()
        ceo_slot = _slot(agreement, Anchor.CEO)
        ceo_slot.signs_on_paper = True
        with pytest.raises(ValidationError) as exc:
            ceo_slot.full_clean()
        assert "signs_on_paper" in exc.value.error_dict


@pytest.mark.parametrize("content, name, content_type", [
    (b"hello, this is text", "signed.pdf", "application/pdf"),  # says PDF, is not
    (PDF, "signed.txt", "text/plain"),  # a PDF sent as text
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "signed.svg", "image/svg+xml"),
    (b"", "empty.pdf", "application/pdf"),
])
def test_the_scan_must_be_a_pdf_or_an_image(tenant_a, agreement, treasurer, director, content, name, content_type):
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        with pytest.raises(ValidationError) as exc:
            _record_paper(agreement, treasurer, director, scan=_upload(content, name, content_type))
        assert "scan" in exc.value.error_dict
        assert not Signature.objects.exists()


def test_the_scan_has_a_size_limit(tenant_a, agreement, treasurer, director, settings):
    settings.MOU_SCAN_MAX_BYTES = 1024
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        with pytest.raises(ValidationError) as exc:
            _record_paper(agreement, treasurer, director, scan=_upload(PDF + b"0" * 2048))
        assert exc.value.error_dict["scan"][0].code == "too_large"
        signature = _record_paper(agreement, treasurer, director, scan=_upload(PNG, "s.png", "image/png"))
        assert signature.scan.name.endswith(".png")


def test_upload_and_download_through_the_pages(tenant_a, tenant_b, agreement, treasurer, director, client_for):
    slug = tenant_a.municipality.slug
    c = client_for(director)
    c.post(url(slug, "submit"))
    with tenancy.scope(tenant_a.municipality):
        version = _current(agreement)
    page = c.get(url(slug, "version", pk=version.pk)).content.decode()
    assert url(slug, "sign_paper", pk=treasurer.pk) in page and 'enctype="multipart/form-data"' in page
    assert url(slug, "sign_paper", pk=treasurer.pk) not in client_for(
        tenant_a.user(Role.VIEWER)).get(url(slug, "version", pk=version.pk)).content.decode()
    data = {"version": version.pk, "content_hash": version.content_hash, "scan": _upload()}
    response = c.post(url(slug, "sign_paper", pk=treasurer.pk), data, follow=True)  # box not ticked
    assert not Signature.all_municipalities.exists() and response.status_code == 200
    viewer = client_for(tenant_a.user(Role.VIEWER))
    assert viewer.post(url(slug, "sign_paper", pk=treasurer.pk),
                       {**data, "scan": _upload(), "confirm_paper": "1"}).status_code == 403
    assert not Signature.all_municipalities.exists()
    c.post(url(slug, "sign_paper", pk=treasurer.pk), {**data, "scan": _upload(), "confirm_paper": "1"})
    signature = Signature.all_municipalities.get()
    assert signature.on_paper and signature.recorded_by == director
    page = c.get(url(slug, "version", pk=version.pk)).content.decode()
    assert url(slug, "signature_scan", pk=signature.pk) in page
    download = viewer.get(url(slug, "signature_scan", pk=signature.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    # Another municipality's member: not found, both under B's address and under A's.
    outsider = client_for(tenant_b.user(Role.LOCAL_DIRECTOR))
    assert outsider.get(url(slug, "signature_scan", pk=signature.pk)).status_code == 404
    assert outsider.get(url(tenant_b.municipality.slug, "signature_scan", pk=signature.pk)).status_code == 404


def test_submit_still_needs_an_account_or_paper(tenant_a, agreement, treasurer, director):
    with tenancy.scope(tenant_a.municipality):
        slot = Signatory.objects.get(pk=treasurer.pk)
        slot.signs_on_paper = False
        services.signatory_save(signatory=slot, by=director)
        with pytest.raises(ValidationError) as exc, translation.override("en"):
            services.agreement_submit(agreement=agreement, by=director)
        assert "רונית פרץ" in str(exc.value) and "on paper" in str(exc.value)


# 4. Out for signature and fully signed tell people (mou/notifications.py), a signature on paper too.

def test_a_signature_on_paper_completes_and_notifies_once(tenant_a, agreement, treasurer, director, ceo, head,
                                                          monkeypatch):
    from mou import notifications

    calls = []
    monkeypatch.setattr(notifications, "sent_for_signature",
                        lambda **kw: calls.append(("sent", kw["version"].pk, sorted(
                            s.pk for s in kw["signatories"]))))
    monkeypatch.setattr(notifications, "fully_signed", lambda **kw: calls.append(("signed", kw["version"].pk)))
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        version = _current(agreement)
        assert calls == [("sent", version.pk, sorted(s.pk for s in selectors.signatory_list(agreement=agreement)))]
        for user in (ceo, head, director):
            _sign(agreement, user)
        assert len(calls) == 1  # the treasurer has not signed yet
        _record_paper(agreement, treasurer, director)
        assert calls[1:] == [("signed", version.pk)]
