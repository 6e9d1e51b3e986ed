"""The whole agreement flow through the services: drafting, versions, budget appendix, signatures,
locking, amendment, stale and forged signatures, and the official launch."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core import tenancy
from core.stages import Stage
from mou import diff, selectors, services
from mou.approvals import awaiting_signature
from mou.models import AgreementStatus, AgreementStep, Anchor, BudgetLine, Signature, StepKind
from mou.sections import DEFAULT_SECTIONS, SECTION_KEYS
from municipalities.models import Initiative

pytestmark = pytest.mark.django_db


def _current(agreement):
    return selectors.current_version(agreement=agreement)


def _sign(agreement, user, version=None):
    version = version or _current(agreement)
    signatory = next(s for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == user.pk)
    return services.signature_sign(agreement=agreement, signatory=signatory, version_id=version.pk,
                                   content_hash=version.content_hash, by=user)


def _edit(agreement, by, **changes):
    version = _current(agreement)
    sections = {**version.sections, **changes}
    return services.agreement_save_draft(agreement=agreement, title=version.title, sections=sections, by=by)


def test_start_uses_template_and_suggests_the_anchors(tenant_a, agreement, director, ceo, head):
    with tenancy.scope(tenant_a.municipality):
        version = _current(agreement)
        assert version.number == 1 and version.amendment_number == 0
        assert version.sections["principles"] == DEFAULT_SECTIONS["he"]["principles"]
        assert set(version.sections) == set(SECTION_KEYS)
        anchors = {s.anchor: s.person.user for s in selectors.signatory_list(agreement=agreement)}
        assert anchors[Anchor.HEAD_OF_AUTHORITY] == head
        assert anchors[Anchor.CEO] == ceo
        assert anchors[Anchor.INITIATIVE_DIRECTOR] == director
        with pytest.raises(ValidationError):
            services.agreement_start(initiative=tenant_a.initiative, by=director)


def test_every_saved_draft_is_a_version_and_versions_compare(tenant_a, agreement, director):
    with tenancy.scope(tenant_a.municipality):
        v1 = _current(agreement)
        v2 = _edit(agreement, director, purpose="חזון משותף חדש לגמרי")
        assert v2.number == 2 and v2.created_by == director
        assert _edit(agreement, director, purpose="חזון משותף חדש לגמרי").pk == v2.pk  # no change, no version
        rows = {r["key"]: r for r in diff.compare_versions(v1, v2)}
        assert rows["purpose"]["changed"] and not rows["bodies"]["changed"]
        assert "<ins>" in rows["purpose"]["right"] and "<del>" in rows["purpose"]["left"]


def test_budget_appendix_lines_are_versioned_and_totalled(tenant_a, agreement, director):
    with tenancy.scope(tenant_a.municipality):
        for year, sector, amount in [(2026, "authority", "200000"), (2026, "philanthropy", "350000.50"),
                                     (2027, "philanthropy", "300000")]:
            services.budget_line_save(line=BudgetLine(municipality=tenant_a.municipality, agreement=agreement,
                                                      year=year, source_sector=sector, funder="קרן",
                                                      purpose="מנהלת יישובית", amount=Decimal(amount)),
                                      by=director)
        version = _current(agreement)
        assert version.number == 4 and len(version.budget) == 3
        summary = selectors.budget_summary(version.budget)
        assert summary["total"] == Decimal("850000.50")
        assert [r["total"] for r in summary["rows"]] == [Decimal("550000.50"), Decimal("300000")]
        assert {s["key"]: s["total"] for s in summary["sources"]} == {
            "authority": Decimal("200000"), "philanthropy": Decimal("650000.50")}
        with pytest.raises(ValidationError):
            services.budget_line_save(line=BudgetLine(municipality=tenant_a.municipality, agreement=agreement,
                                                      year=2026, source_sector="business", funder="x",
                                                      purpose="x", amount=Decimal("-1")), by=director)


def test_full_signing_locks_then_amendment_needs_the_same_signatures(tenant_a, agreement, director, ceo, head):
    m = tenant_a.municipality
    with tenancy.scope(m):
        services.agreement_submit(agreement=agreement, by=director)
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.SIGNING
        with translation.override("en"):
            assert [i.kind for i in awaiting_signature(ceo, m)] == ["MOU"]
        _sign(agreement, ceo)
        assert awaiting_signature(ceo, m) == []
        _sign(agreement, head)
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.SIGNING  # the initiative director has not signed yet
        _sign(agreement, director)
        agreement.refresh_from_db()
        signed = _current(agreement)
        assert agreement.status == AgreementStatus.SIGNED and agreement.signed_version == signed
        assert signed.signed_at is not None

        # Locked: no edits, no budget changes, no signatory changes.
        with pytest.raises(ValidationError):
            _edit(agreement, director, purpose="שינוי אחרי חתימה")
        with pytest.raises(ValidationError):
            services.budget_line_save(line=BudgetLine(municipality=m, agreement=agreement, year=2026,
                                                      source_sector="authority", funder="x", purpose="x",
                                                      amount=Decimal("1")), by=director)

        # Amendment: a new draft, the same signatures again.
        amendment = services.agreement_start_amendment(agreement=agreement, by=director)
        agreement.refresh_from_db()
        assert amendment.amendment_number == 1 and agreement.status == AgreementStatus.DRAFT
        assert agreement.signed_version == signed  # the signed version stays in force meanwhile
        changed = _edit(agreement, director, timeframe_budget="השותפות תוארך בשנה")
        assert changed.amendment_number == 1
        services.agreement_submit(agreement=agreement, by=director)
        with translation.override("en"):
            assert [i.kind for i in awaiting_signature(ceo, m)] == ["Amendment"]
        for user in (ceo, head, director):
            _sign(agreement, user)
        agreement.refresh_from_db()
        assert agreement.status == AgreementStatus.SIGNED and agreement.signed_version == changed
        assert Signature.objects.filter(version=changed).count() == 3
        assert Signature.objects.filter(version=signed).count() == 3


def test_stale_signature_is_refused(tenant_a, agreement, director, ceo):
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        read = _current(agreement)  # the CEO opens the document...
        services.agreement_withdraw(agreement=agreement, by=director)  # ...and it changes meanwhile
        _edit(agreement, director, exit="x", parties="סעיף יציאה מעודכן")
        services.agreement_submit(agreement=agreement, by=director)
        with pytest.raises(ValidationError) as exc:
            _sign(agreement, ceo, version=read)
        assert exc.value.code == "stale"
        assert not Signature.objects.exists()
        signatory = next(s for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == ceo.pk)
        current = _current(agreement)
        with pytest.raises(ValidationError):  # right version id, wrong fingerprint
            services.signature_sign(agreement=agreement, signatory=signatory, version_id=current.pk,
                                    content_hash=read.content_hash, by=ceo)
        _sign(agreement, ceo)  # the current version can be signed
        assert Signature.objects.get().version == current


def test_nobody_signs_for_another_user(tenant_a, agreement, director, ceo, hq_admin):
    with tenancy.scope(tenant_a.municipality):
        services.agreement_submit(agreement=agreement, by=director)
        version = _current(agreement)
        ceo_slot = next(s for s in selectors.signatory_list(agreement=agreement) if s.person.user_id == ceo.pk)
        for forger in (director, hq_admin):
            with pytest.raises(PermissionDenied):
                services.signature_sign(agreement=agreement, signatory=ceo_slot, version_id=version.pk,
                                        content_hash=version.content_hash, by=forger)
        assert not Signature.objects.exists()
        signature = _sign(agreement, ceo)
        assert signature.signed_by == ceo and signature.signatory == ceo_slot


def test_submit_needs_signatories_with_accounts(tenant_a, agreement, director):
    with tenancy.scope(tenant_a.municipality):
        from tests import factories
        person = factories.PersonFactory(municipality=tenant_a.municipality, full_name="גזבר ללא חשבון")
        from mou.models import Signatory
        services.signatory_save(signatory=Signatory(municipality=tenant_a.municipality, agreement=agreement,
                                                    person=person, anchor=Anchor.TREASURER), by=director)
        with pytest.raises(ValidationError) as exc:
            services.agreement_submit(agreement=agreement, by=director)
        assert "גזבר ללא חשבון" in str(exc.value)


def test_official_launch_moves_the_initiative_on(tenant_a, agreement, director, ceo, head):
    m = tenant_a.municipality
    with tenancy.scope(m):
        launch = AgreementStep(municipality=m, agreement=agreement, kind=StepKind.LAUNCH,
                               date="2026-03-01", participants="ראש הרשות")
        with pytest.raises(ValidationError):  # not before signing
            services.step_save(step=launch, by=director)
        services.agreement_submit(agreement=agreement, by=director)
        for user in (ceo, head, director):
            _sign(agreement, user)
        agreement.refresh_from_db()
        launch = AgreementStep(municipality=m, agreement=agreement, kind=StepKind.LAUNCH,
                               date="2026-03-01", participants="ראש הרשות")
        services.step_save(step=launch, by=director)
        assert Initiative.objects.get(pk=tenant_a.initiative.pk).stage == Stage.LOCAL_DIRECTOR
        assert Initiative.history.filter(id=tenant_a.initiative.pk).first().history_user == director


def test_child_rows_must_match_the_parent_municipality(tenant_a, tenant_b, agreement, director):
    with tenancy.scope_all():
        line = BudgetLine(municipality=tenant_b.municipality, agreement=agreement, year=2026,
                          source_sector="authority", funder="x", purpose="x", amount=Decimal("5"))
        with pytest.raises(ValidationError):
            line.full_clean()
