"""Reads of the agreements stage."""
from collections import defaultdict
from decimal import Decimal

from core.reference import Sector
from mou.models import (
    GUIDE_ANCHORS,
    REQUIRED_ANCHORS,
    Agreement,
    AgreementStatus,
    AgreementVersion,
    Anchor,
    AnchorExemption,
    LocalDirectorProfile,
    MouTemplate,
    Signatory,
    Signature,
)
from mou.sections import DEFAULT_SECTIONS, DEFAULT_TITLE, SECTION_KEYS


def template_for(*, language: str) -> tuple[str, dict, MouTemplate | None]:
    """The starting title and sections for a language: HQ's saved template, else the built-in text."""
    saved = MouTemplate.objects.filter(language=language).first()
    base = DEFAULT_SECTIONS.get(language, DEFAULT_SECTIONS["he"])
    if saved is None:
        return DEFAULT_TITLE.get(language, DEFAULT_TITLE["he"]), dict(base), None
    sections = {key: saved.sections.get(key, "") for key in SECTION_KEYS}
    return saved.title, sections, saved


def agreement_for(*, initiative) -> Agreement | None:
    if initiative is None:
        return None
    return Agreement.objects.select_related("initiative", "signed_version").filter(initiative=initiative).first()


def current_version(*, agreement) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(agreement=agreement).order_by("-number").first()


def version_list(*, agreement):
    return list(AgreementVersion.objects.filter(agreement=agreement).select_related("created_by")
                .order_by("-number"))


def signatory_list(*, agreement):
    return list(Signatory.objects.filter(agreement=agreement).select_related("person", "person__user")
                .order_by("order", "pk"))


def anchor_exemptions(*, agreement) -> list[AnchorExemption]:
    """The guide's anchors HQ marked not applicable to this MOU, with their reasons."""
    return list(AnchorExemption.objects.filter(agreement=agreement).select_related("decided_by")
                .order_by("anchor"))


def anchor_must_stay(*, anchor, exempt, other_required_holders: int) -> bool:
    """Whether a required signatory holding `anchor` must stay required (and may not be removed): the
    anchor is one of the guide's five, not marked not applicable, and nobody else required holds it."""
    return anchor in GUIDE_ANCHORS and anchor not in exempt and other_required_holders == 0


def missing_anchors(*, signatories, exemptions) -> list[tuple[str, str]]:
    """The guide's anchors with no required signatory and not marked not applicable: (anchor, label)."""
    covered = {s.anchor for s in signatories if s.required}
    exempt = {e.anchor for e in exemptions}
    labels = dict(Anchor.choices)
    return [(a.value, labels[a.value]) for a in GUIDE_ANCHORS if a not in covered and a not in exempt]


def signatory_table(*, agreement, signatories=None, exemptions=None) -> list[dict]:
    """Each signatory with what the page may offer: `removable` says exactly what `signatory_remove`
    accepts, so the page shows no "remove" that would then be refused; `anchor_fixed` marks the head of
    authority and the CEO (and any other anchor that must stay) as required."""
    signatories = signatory_list(agreement=agreement) if signatories is None else signatories
    exemptions = anchor_exemptions(agreement=agreement) if exemptions is None else exemptions
    exempt = {e.anchor for e in exemptions}
    signed = set(Signature.objects.filter(signatory__agreement=agreement).values_list("signatory_id", flat=True))
    holders = defaultdict(int)
    for s in signatories:
        if s.required:
            holders[s.anchor] += 1
    rows = []
    for s in signatories:
        stays = s.required and anchor_must_stay(anchor=s.anchor, exempt=exempt,
                                                other_required_holders=holders[s.anchor] - 1)
        rows.append({"signatory": s, "has_signed": s.pk in signed, "anchor_fixed": stays,
                     "always_signs": s.anchor in REQUIRED_ANCHORS,
                     "removable": agreement.status == AgreementStatus.DRAFT and s.pk not in signed and not stays})
    return rows


def signature_rows(*, agreement, version, user=None):
    """Each signatory with their signature on `version` (or None) and whether `user` may sign now."""
    signatories = signatory_list(agreement=agreement)
    signed = {}
    if version is not None:
        signed = {s.signatory_id: s for s in Signature.objects.filter(version=version).select_related(
            "decided_by", "recorded_by")}
    open_for_signing = agreement.status == AgreementStatus.SIGNING
    rows = []
    for signatory in signatories:
        signature = signed.get(signatory.pk)
        rows.append({
            "signatory": signatory,
            "signature": signature,
            "has_account": signatory.person.user_id is not None,
            "can_sign": bool(open_for_signing and signature is None and user is not None
                             and signatory.person.user_id == user.pk),
            "awaits_paper": bool(open_for_signing and signature is None and signatory.signs_on_paper
                                 and signatory.person.user_id is None),
        })
    return rows


def signature_progress(rows) -> tuple[int, int]:
    required = [r for r in rows if r["signatory"].required]
    return sum(1 for r in required if r["signature"]), len(required)


def budget_summary(lines) -> dict:
    """Totals per year and per source sector of budget lines (model rows or snapshot dicts)."""
    matrix = defaultdict(lambda: defaultdict(Decimal))
    by_year = defaultdict(Decimal)
    by_source = defaultdict(Decimal)
    total = Decimal("0")
    for line in lines:
        get = line.get if isinstance(line, dict) else lambda k, _l=line: getattr(_l, k)
        amount = Decimal(str(get("amount")))
        year, source = int(get("year")), get("source_sector")
        matrix[year][source] += amount
        by_year[year] += amount
        by_source[source] += amount
        total += amount
    labels = dict(Sector.choices)
    sources = [s for s in Sector.values if s in by_source]
    years = sorted(by_year)
    return {
        "years": years,
        "sources": [{"key": s, "label": labels.get(s, s), "total": by_source[s]} for s in sources],
        "rows": [{"year": y, "cells": [matrix[y].get(s, Decimal("0")) for s in sources], "total": by_year[y]}
                 for y in years],
        "total": total,
    }


def awaiting_signature(*, user, municipality):
    """Agreements of the municipality whose current version waits for `user`'s signature."""
    rows = []
    agreements = Agreement.objects.filter(municipality=municipality, status=AgreementStatus.SIGNING,
                                          signatories__person__user=user).distinct()
    for agreement in agreements:
        version = current_version(agreement=agreement)
        if version is None:
            continue
        mine = Signatory.objects.filter(agreement=agreement, person__user=user)
        signed = set(Signature.objects.filter(version=version, signatory__in=mine)
                     .values_list("signatory_id", flat=True))
        if any(s.pk not in signed for s in mine):
            rows.append((agreement, version))
    return rows


def director_profile_for(*, initiative) -> LocalDirectorProfile | None:
    if initiative is None:
        return None
    return LocalDirectorProfile.objects.select_related("reports_to_person").filter(initiative=initiative).first()
