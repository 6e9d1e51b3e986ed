"""Rows of every mou model for the isolation test, with the marker in text the pages and API show."""
import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from core import tenancy
from mou.models import (
    Agreement,
    AgreementStatus,
    AgreementStep,
    AgreementVersion,
    Anchor,
    AnchorExemption,
    BudgetLine,
    LocalDirectorProfile,
    Signatory,
    Signature,
    StepKind,
)
from tests import factories


def build(*, tenant, marker):
    m = tenant.municipality
    person = factories.PersonFactory(municipality=m, full_name=f"{marker} signatory")
    user = factories.UserFactory()
    with tenancy.scope_all():
        person.user = user
        person.save()
        agreement = Agreement.objects.create(municipality=m, initiative=tenant.initiative,
                                             title=f"MOU {marker}", status=AgreementStatus.SIGNING)
        sections = {"purpose": f"vision {marker}"}
        budget = [{"year": 2026, "source_sector": "authority", "funder": marker, "purpose": marker,
                   "amount": "1000.00"}]
        version = AgreementVersion.objects.create(
            municipality=m, agreement=agreement, number=1, title=f"MOU {marker}", sections=sections,
            budget=budget, content_hash=AgreementVersion.compute_hash(title=f"MOU {marker}", sections=sections,
                                                                      budget=budget),
            change_note=marker, created_by=user)
        AgreementStep.objects.create(municipality=m, agreement=agreement, kind=StepKind.INTRODUCTION,
                                     date=dt.date(2026, 1, 5), participants=marker, notes=marker)
        BudgetLine.objects.create(municipality=m, agreement=agreement, year=2026, source_sector="authority",
                                  funder=marker, purpose=marker, amount=Decimal("1000.00"))
        signatory = Signatory.objects.create(municipality=m, agreement=agreement, person=person,
                                             anchor=Anchor.CEO, capacity=marker)
        Signature.objects.create(municipality=m, version=version, signatory=signatory, signed_by=user,
                                 signer_name=f"{marker} signer", content_hash=version.content_hash)
        paper_person = factories.PersonFactory(municipality=m, full_name=f"{marker} paper signer")
        paper_slot = Signatory.objects.create(municipality=m, agreement=agreement, person=paper_person,
                                              anchor=Anchor.TREASURER, capacity=marker, signs_on_paper=True)
        Signature.objects.create(municipality=m, version=version, signatory=paper_slot, decided_by=None,
                                 on_paper=True, recorded_by=user, signer_name=f"{marker} paper signer",
                                 content_hash=version.content_hash, kind=Anchor.TREASURER,
                                 scan=ContentFile(f"%PDF-1.4 {marker}".encode(), name="scan.pdf"))
        AnchorExemption.objects.create(municipality=m, agreement=agreement, anchor=Anchor.EDUCATION_WELFARE,
                                       reason=f"{marker} reason", decided_by=user)
        LocalDirectorProfile.objects.create(municipality=m, initiative=tenant.initiative,
                                            duties=["policy"], notes=marker)
