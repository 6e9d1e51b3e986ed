"""Writes of the agreements stage. Every service runs in a transaction, validates the model
(`full_clean`) and leaves an attributed history record (`_history_user`)."""
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, documents
from core.roles import Role
from core.services import delete_guarded, model_save
from core.stages import Stage
from core.textcaps import check_texts
from mou import notifications, selectors
from mou.models import (
    REQUIRED_ANCHORS,
    WAIVABLE_ANCHORS,
    Agreement,
    AgreementStatus,
    AgreementStep,
    AgreementVersion,
    Anchor,
    AnchorExemption,
    BudgetLine,
    LocalDirectorProfile,
    MouTemplate,
    RecruitmentStatus,
    Signatory,
    Signature,
    StepKind,
)
from mou.sections import SECTION_KEYS
from municipalities import services as municipality_services
from municipalities.models import Membership, Person


def _stale_message():
    return _("The MOU changed after you opened it. Nothing was signed: read the current version, then sign "
             "again.")


def _lock(agreement) -> Agreement:
    """Re-read the agreement under a row lock (PostgreSQL) so concurrent signatures/saves serialise."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _refuse_if_locked(agreement):
    if agreement.is_locked:
        raise ValidationError(_("The MOU is signed and locked. To change it, start an amendment: it goes "
                                "through the same signatures."))


def _refuse_if_out_for_signature(agreement, field=None):
    """While the MOU is out for signature its text, budget appendix and signatories are frozen: a change
    would void signatures silently. The director first takes it back to draft (`agreement_withdraw`)."""
    if agreement.status == AgreementStatus.SIGNING:
        message = _("The MOU is out for signature, so it cannot change now. Take it back to draft first "
                    "(\"Take back to draft\" on the MOU page): a changed text is a new version that every "
                    "signatory signs again.")
        raise ValidationError({field: message} if field else message, code="out_for_signature")


def _refuse_if_frozen(agreement, field=None):
    _refuse_if_locked(agreement)
    _refuse_if_out_for_signature(agreement, field)


def _complete_if_signed(agreement, version, *, by) -> bool:
    """Sign the MOU off (and lock it) when every required signatory has signed `version`: the version is
    frozen (`core.documents`), the agreement locked."""
    rows = selectors.signature_rows(agreement=agreement, version=version)
    done, needed = selectors.signature_progress(rows)
    if not needed or done < needed:
        return False
    documents.version_freeze(version, by=by, reason=_("Signed by every required signatory"))
    agreement.status = AgreementStatus.SIGNED
    agreement.signed_version = version
    model_save(agreement, by=by, reason=_("Signed"))
    notifications.fully_signed(agreement=agreement, version=version, by=by)
    return True


def _clean_sections(sections: dict) -> dict:
    cleaned = {key: (sections.get(key) or "").strip() for key in SECTION_KEYS}
    check_texts(cleaned)  # each section is capped like any long text (core.textcaps)
    return cleaned


def _budget_snapshot(agreement) -> list[dict]:
    return [line.snapshot() for line in BudgetLine.objects.filter(agreement=agreement).order_by(
        "year", "source_sector", "pk")]


def _new_version(agreement, *, by, change_note="", title=None, sections=None,
                 amendment=False) -> AgreementVersion:
    latest = selectors.current_version(agreement=agreement)
    title = title if title is not None else (latest.title if latest else agreement.title)
    sections = _clean_sections(sections if sections is not None else (latest.sections if latest else {}))
    version = documents.version_create(
        model=AgreementVersion, latest=latest, by=by, change_note=change_note, amendment=amendment,
        municipality=agreement.municipality, agreement=agreement, amendment_number=agreement.amendment_count,
        title=title, sections=sections, budget=_budget_snapshot(agreement))
    agreement.title = title
    model_save(agreement, by=by, reason=change_note or None)  # touches updated_at: concurrent forms notice
    return version


def _person_of(user, municipality):
    return Person.objects.filter(municipality=municipality, user=user, is_active=True).first() if user else None


def _default_signatories(agreement, *, by):
    """Suggest the guide's anchors from the people directory: the users holding the head of authority,
    CEO and local director roles, and the treasurer / education or welfare head by their role title."""
    municipality = agreement.municipality
    found: list[tuple[str, Person]] = []
    by_role = {m.role: m.user for m in Membership.objects.filter(
        municipality=municipality, is_active=True,
        role__in=[Role.HEAD_OF_AUTHORITY, Role.MUNICIPAL_CEO, Role.LOCAL_DIRECTOR]).select_related("user")}
    for role, anchor in ((Role.HEAD_OF_AUTHORITY, Anchor.HEAD_OF_AUTHORITY), (Role.MUNICIPAL_CEO, Anchor.CEO)):
        person = _person_of(by_role.get(role), municipality)
        if person:
            found.append((anchor, person))
    people = Person.objects.filter(municipality=municipality, is_active=True)
    for anchor, words in ((Anchor.TREASURER, ("גזבר", "treasurer")),
                          (Anchor.EDUCATION_WELFARE, ("חינוך", "רווחה", "שירותים חברתיים", "education",
                                                      "welfare"))):
        for person in people:
            title = (person.role_title or "").lower()
            if any(word in title for word in words) and person.sector == "authority":
                found.append((anchor, person))
                break
    director = agreement.initiative.local_director or _person_of(by_role.get(Role.LOCAL_DIRECTOR), municipality)
    if director:
        found.append((Anchor.INITIATIVE_DIRECTOR, director))
    seen = set()
    for order, (anchor, person) in enumerate(found, start=1):
        if person.pk in seen:
            continue
        seen.add(person.pk)
        model_save(Signatory(municipality=municipality, agreement=agreement, person=person, anchor=anchor,
                        capacity=person.role_title, required=True, order=order), by=by)


@transaction.atomic
def agreement_start(*, initiative, by, language: str = "he") -> Agreement:
    """Open the agreement process of an initiative: the MOU starts from the template (version 1) and
    the guide's anchors are suggested as signatories."""
    if Agreement.objects.filter(initiative=initiative).exists():
        raise ValidationError(_("The agreement process of this initiative has already started."))
    title, sections, _saved = selectors.template_for(language=language)
    agreement = model_save(Agreement(municipality=initiative.municipality, initiative=initiative, title=title,
                                language=language), by=by, reason=_("Agreement process opened"))
    _new_version(agreement, by=by, change_note=_("Started from the template"), title=title, sections=sections)
    _default_signatories(agreement, by=by)
    return agreement


@transaction.atomic
def agreement_save_draft(*, agreement, title: str, sections: dict, by, change_note: str = "") -> AgreementVersion:
    """Save the draft as a new version (nothing is saved if nothing changed)."""
    agreement = _lock(agreement)
    _refuse_if_frozen(agreement)
    latest = selectors.current_version(agreement=agreement)
    sections = _clean_sections(sections)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("The MOU needs a title.")})
    if documents.is_unchanged(latest, title=title, sections=sections, budget=latest.budget if latest else []):
        return latest
    return _new_version(agreement, by=by, change_note=change_note or _("Draft saved"), title=title,
                        sections=sections)


@transaction.atomic
def agreement_submit(*, agreement, by) -> Agreement:
    """Send the current version for signature."""
    agreement = _lock(agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for signature."))
    signatories = selectors.signatory_list(agreement=agreement)
    required = [s for s in signatories if s.required]
    if not required:
        raise ValidationError(_("Add at least one required signatory before sending the MOU for signature."))
    anchors = {s.anchor for s in required}
    absent = [str(label) for anchor, label in Anchor.choices if anchor in REQUIRED_ANCHORS
              and anchor not in anchors]
    if absent:
        raise ValidationError(_("The MOU is signed by the head of authority and the municipal CEO: add them "
                                "as required signatories first (missing: %(anchors)s).")
                              % {"anchors": ", ".join(absent)})
    missing_anchors = selectors.missing_anchors(signatories=signatories,
                                                exemptions=selectors.anchor_exemptions(agreement=agreement))
    if missing_anchors:
        raise ValidationError(_("Each of the guide's anchors signs the MOU: add a required signatory for "
                                "%(anchors)s. If one does not apply to this authority, HQ marks it not "
                                "applicable, with the reason.")
                              % {"anchors": ", ".join(str(label) for _a, label in missing_anchors)},
                              code="anchors")
    missing = [str(s.person) for s in required if s.person.user_id is None and not s.signs_on_paper]
    if missing:
        raise ValidationError(_("These signatories have no user account and cannot sign in the application: "
                                "%(names)s. Link them to a user in the people directory first.")
                              % {"names": ", ".join(missing)}
                              + " " + _("Or mark them as signing on paper: you then upload their signed scan."))
    agreement.status = AgreementStatus.SIGNING
    agreement.submitted_at = timezone.now()
    model_save(agreement, by=by, reason=_("Sent for signature"))
    # Sent again unchanged after going back to draft: the signatures on this very text still count.
    current = selectors.current_version(agreement=agreement)
    if not _complete_if_signed(agreement, current, by=by):
        notifications.sent_for_signature(agreement=agreement, version=current, signatories=signatories, by=by)
    return agreement


@transaction.atomic
def agreement_withdraw(*, agreement, by) -> Agreement:
    """Take an MOU that is out for signature back to draft, so that its text, budget or signatories can
    change. Signatures stay on the version they were given on; a changed text is a new version that
    every signatory signs again."""
    agreement = _lock(agreement)
    if agreement.status != AgreementStatus.SIGNING:
        raise ValidationError(_("Only an MOU that is out for signature can be taken back to draft."))
    agreement.status = AgreementStatus.DRAFT
    agreement.submitted_at = None
    return model_save(agreement, by=by, reason=_("Taken back to draft"))


@transaction.atomic
def signature_sign(*, agreement, signatory, version_id, content_hash: str, by) -> Signature:
    """Sign the version the signer read. The signature is the signed-in user's own: nobody signs for
    another person, and a version that changed since it was read cannot be signed."""
    agreement = _lock(agreement)
    if signatory.agreement_id != agreement.pk:
        raise ValidationError(_("This signatory does not belong to this agreement."))
    if signatory.person.user_id is None or signatory.person.user_id != by.pk:
        raise PermissionDenied(_("You can only sign for yourself, from your own account."))
    if agreement.status != AgreementStatus.SIGNING:
        raise ValidationError(_("The MOU is not open for signature."))
    current = documents.check_current(
        current=selectors.current_version(agreement=agreement), version_id=version_id, content_hash=content_hash,
        message=_stale_message())
    if Signature.objects.filter(version=current, signatory=signatory).exists():
        raise ValidationError(_("You have already signed this version."))
    signature = documents.approval_record(
        model=Signature, version=current, current=current, content_hash=content_hash, by=by,
        kind=signatory.anchor, municipality=agreement.municipality, signatory=signatory,
        signer_name=signatory.person.full_name)
    _complete_if_signed(agreement, current, by=by)
    return signature


@transaction.atomic
def agreement_start_amendment(*, agreement, by, change_note: str = "") -> AgreementVersion:
    """A signed MOU is locked; a change is an amendment: a new draft that needs the same signatures."""
    agreement = _lock(agreement)
    if agreement.status != AgreementStatus.SIGNED:
        raise ValidationError(_("An amendment can only be made to a signed MOU."))
    agreement.amendment_count += 1
    agreement.status = AgreementStatus.DRAFT
    agreement.submitted_at = None
    model_save(agreement, by=by, reason=_("Amendment opened"))
    return _new_version(agreement, by=by, amendment=True, change_note=change_note or _(
        "Amendment %(n)s opened") % {"n": agreement.amendment_count})


@transaction.atomic
def budget_line_save(*, line: BudgetLine, by) -> BudgetLine:
    agreement = _lock(line.agreement)
    _refuse_if_frozen(agreement)
    created = line.pk is None
    model_save(line, by=by)
    _new_version(agreement, by=by, change_note=(_("Budget appendix: line added") if created
                                                else _("Budget appendix: line changed")))
    return line


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, by) -> None:
    agreement = _lock(line.agreement)
    _refuse_if_frozen(agreement)
    delete_guarded(line, by=by)
    _new_version(agreement, by=by, change_note=_("Budget appendix: line removed"))


def _anchor_must_stay(signatory, anchor):
    """Whether `signatory` (required, holding `anchor`) must stay so: `selectors.anchor_must_stay`, the
    rule the signatories page shows."""
    others = Signatory.objects.filter(agreement_id=signatory.agreement_id, anchor=anchor, required=True) \
        .exclude(pk=signatory.pk).count()
    exempt = set(AnchorExemption.objects.filter(agreement_id=signatory.agreement_id).values_list("anchor", flat=True))
    return selectors.anchor_must_stay(anchor=anchor, exempt=exempt, other_required_holders=others)


def _anchor_message(anchor):
    if anchor in REQUIRED_ANCHORS:
        return None
    return _("Each of the guide's anchors signs the MOU: this signatory (%(anchor)s) stays required. To replace "
             "the person, change the person on it (before they sign) or add the new one first; if the anchor "
             "does not apply to this authority, HQ marks it not applicable.") % {"anchor": _anchor_label(anchor)}


def _anchor_label(anchor):
    return dict(Anchor.choices)[anchor]


@transaction.atomic
def signatory_save(*, signatory: Signatory, by) -> Signatory:
    """Add or change a signatory. Who signs is fixed once they signed and while the MOU is out for
    signature; the head of authority and the municipal CEO always stay required signatories."""
    agreement = _lock(signatory.agreement)
    _refuse_if_locked(agreement)
    before = Signatory.objects.select_related("person").filter(pk=signatory.pk).first() if signatory.pk else None
    signing = agreement.status == AgreementStatus.SIGNING
    if before is None:
        _refuse_if_out_for_signature(agreement)
    else:
        if before.person_id != signatory.person_id:
            if Signature.objects.filter(signatory=before).exists():
                raise ValidationError({"person": _(
                    "%(name)s has signed a version of this MOU, so this signatory stays %(name)s. To have "
                    "someone else sign, add them as a new signatory.") % {"name": before.person}},
                    code="signed")
            _refuse_if_out_for_signature(agreement, "person")
        if signing and before.required != signatory.required:
            _refuse_if_out_for_signature(agreement, "required")
        if before.required and (signatory.anchor != before.anchor or not signatory.required) \
                and _anchor_must_stay(before, before.anchor):
            raise ValidationError({"anchor" if signatory.anchor != before.anchor else "required": _anchor_message(
                before.anchor) or _(
                "The head of authority and the municipal CEO always sign the MOU: this signatory "
                "(%(anchor)s) stays required. To replace the person, change the person on it (before they "
                "sign) or add the new one first.")
                % {"anchor": _anchor_label(before.anchor)}}, code="anchor")
        if signing and before.signs_on_paper != signatory.signs_on_paper:
            _refuse_if_out_for_signature(agreement, "signs_on_paper")
    return model_save(signatory, by=by)


@transaction.atomic
def signatory_remove(*, signatory: Signatory, by) -> None:
    agreement = _lock(signatory.agreement)
    _refuse_if_frozen(agreement)
    if Signature.objects.filter(signatory=signatory).exists():
        raise ValidationError(_("%(name)s has signed a version of this MOU and stays on record; mark them "
                                "as not required instead.") % {"name": signatory.person})
    if signatory.required and _anchor_must_stay(signatory, signatory.anchor):
        raise ValidationError(_anchor_message(signatory.anchor) or _(
            "The head of authority and the municipal CEO always sign the MOU: this signatory (%(anchor)s) cannot "
            "be removed. To replace the person, change the person on it.")
            % {"anchor": _anchor_label(signatory.anchor)}, code="anchor")
    delete_guarded(signatory, by=by)


def _refuse_unless_hq(by):
    if not access.is_hq(by):
        raise PermissionDenied(_("Only HQ marks an anchor of the MOU as not applicable."))


@transaction.atomic
def anchor_mark_not_applicable(*, agreement, anchor: str, reason: str, by) -> AnchorExemption:
    """HQ records that one of the guide's anchors does not apply to this MOU, and why. The head of
    authority and the CEO always sign; nothing changes while the MOU is out for signature or signed."""
    _refuse_unless_hq(by)
    agreement = _lock(agreement)
    _refuse_if_frozen(agreement, "anchor")
    if anchor not in WAIVABLE_ANCHORS:
        raise ValidationError({"anchor": _("The head of authority and the municipal CEO always sign the MOU.")})
    exemption = AnchorExemption(municipality=agreement.municipality, agreement=agreement, anchor=anchor,
                                reason=(reason or "").strip(), decided_by=by)
    return model_save(exemption, by=by, reason=_("Anchor marked not applicable"))


@transaction.atomic
def anchor_mark_applicable(*, exemption: AnchorExemption, by) -> None:
    """HQ takes back a "not applicable": the anchor is a required signatory again."""
    _refuse_unless_hq(by)
    agreement = _lock(exemption.agreement)
    _refuse_if_frozen(agreement)
    delete_guarded(exemption, by=by, reason=_("Anchor applies again"))


SCAN_TYPES = {"application/pdf": (b"%PDF-", "pdf"), "image/png": (b"\x89PNG\r\n\x1a\n", "png"),
              "image/jpeg": (b"\xff\xd8\xff", "jpg")}


def _validated_scan(scan):
    """A signed scan: a PDF, PNG or JPEG (by its declared type and its first bytes), within the size
    limit (`MOU_SCAN_MAX_BYTES`). Returns the file renamed to its real type."""
    limit = getattr(settings, "MOU_SCAN_MAX_BYTES", 10 * 1024 * 1024)
    if scan is None or not getattr(scan, "size", 0):
        raise ValidationError({"scan": ValidationError(_("Choose the signed scan to upload."), code="required")})
    if scan.size > limit:
        raise ValidationError({"scan": ValidationError(
            _("The scan is %(size)s; the limit is %(limit)s. Scan it at a lower resolution or as a PDF.")
            % {"size": filesizeformat(scan.size), "limit": filesizeformat(limit)}, code="too_large")})
    declared = (getattr(scan, "content_type", "") or "").split(";")[0].strip().lower()
    scan.seek(0)
    head = scan.read(16)
    scan.seek(0)
    kind = SCAN_TYPES.get(declared)
    if kind is None or not head.startswith(kind[0]):
        raise ValidationError({"scan": ValidationError(_("Upload the signed scan as a PDF, PNG or JPEG file."),
                                                       code="file_type")})
    scan.name = f"scan.{kind[1]}"
    return scan


@transaction.atomic
def signature_record_paper(*, agreement, signatory, version_id, content_hash: str, scan, by) -> Signature:
    """Record the signature of a signatory without a user account who signed the printed version: the
    local director (or HQ) uploads the signed scan. It is bound to the version and fingerprint the uploader
    had open, like a signature in the application."""
    if not by.has_perm("mou.manage", agreement.municipality):
        raise PermissionDenied(_("Only the local director or HQ records a signature on paper."))
    agreement = _lock(agreement)
    if signatory.agreement_id != agreement.pk:
        raise ValidationError(_("This signatory does not belong to this agreement."))
    if not signatory.signs_on_paper or signatory.person.user_id is not None:
        raise ValidationError(_("%(name)s signs in the application from their own account, not on paper.")
                              % {"name": signatory.person})
    if agreement.status != AgreementStatus.SIGNING:
        raise ValidationError(_("The MOU is not open for signature."))
    current = documents.check_current(
        current=selectors.current_version(agreement=agreement), version_id=version_id, content_hash=content_hash,
        message=_("The MOU changed after you opened it. Nothing was recorded: print the current version, have "
                  "it signed, then upload the scan."))
    if Signature.objects.filter(version=current, signatory=signatory).exists():
        raise ValidationError(_("%(name)s has already signed this version.") % {"name": signatory.person})
    signature = documents.approval_record(
        model=Signature, version=current, current=current, content_hash=content_hash, by=by, decided_by=None,
        kind=signatory.anchor, municipality=agreement.municipality, signatory=signatory,
        signer_name=signatory.person.full_name, on_paper=True, scan=_validated_scan(scan), recorded_by=by,
        reason=_("Signature on paper recorded"))
    _complete_if_signed(agreement, current, by=by)
    return signature


@transaction.atomic
def step_save(*, step: AgreementStep, by) -> AgreementStep:
    """Record a process step. Recording the official launch moves the initiative on the roadmap."""
    agreement = step.agreement
    if step.kind == StepKind.LAUNCH and agreement.signed_version_id is None:
        raise ValidationError({"kind": _("The official launch comes after the MOU is signed.")})
    model_save(step, by=by)
    if step.kind == StepKind.LAUNCH:
        municipality_services.initiative_advance(initiative=agreement.initiative, stage=Stage.LOCAL_DIRECTOR,
                                                 by=by, reason=_("Official launch of the partnership"))
    return step


@transaction.atomic
def step_delete(*, step: AgreementStep, by) -> None:
    delete_guarded(step, by=by)


@transaction.atomic
def template_save(*, language: str, title: str, sections: dict, by) -> MouTemplate:
    template = MouTemplate.objects.filter(language=language).first() or MouTemplate(language=language)
    template.title = title
    template.sections = _clean_sections(sections)
    return model_save(template, by=by)


@transaction.atomic
def director_profile_save(*, profile: LocalDirectorProfile, by, local_director=None,
                          set_director: bool = False) -> LocalDirectorProfile:
    """Save the role profile; optionally (re)assign the initiative's local director. A director in post
    is a person, and reports to someone else."""
    director = local_director if set_director else profile.initiative.local_director
    director_field = "local_director" if set_director else "recruitment_status"
    if profile.recruitment_status == RecruitmentStatus.IN_POST and director is None:
        raise ValidationError({director_field: _("A local director in post is a person: choose them from the "
                                                 "people directory.")})
    if director is not None and profile.reports_to_person_id == director.pk:
        raise ValidationError({"reports_to_person": _("The local director cannot report to themselves: "
                                                      "choose the CEO or division head they report to.")})
    model_save(profile, by=by)
    initiative = profile.initiative
    if set_director and initiative.local_director_id != (local_director.pk if local_director else None):
        municipality_services.initiative_update(initiative=initiative, by=by, local_director=local_director)
    return profile


def register_restores() -> None:
    """How the change log restores the MOU's records (called from the app's `ready`): the agreement's
    state, its versions and its signatures follow the process (send for signature, sign, amend) and
    are never restored; the budget appendix, signatories and steps go through the services above, so
    a signed or out-for-signature MOU refuses the restore as it refuses an edit."""
    from core import audit

    audit.register_restore(Agreement, restorable=False, reason=_(
        "The state of an MOU (draft, out for signature, signed) follows its process: it is never restored "
        "from the change log. To change a signed MOU, start an amendment."))
    audit.register_restore(AgreementVersion, restorable=False, reason=_(
        "A version of the MOU is a fixed record of what was written and signed: it is never restored. "
        "Save the earlier text as a new draft instead."))
    audit.register_restore(Signature, restorable=False, reason=_(
        "A signature is an act of its signer's own account: it is never restored from the change log."))
    audit.register_restore(BudgetLine, lambda *, instance, current, by: budget_line_save(line=instance, by=by))
    audit.register_restore(Signatory, lambda *, instance, current, by: signatory_save(signatory=instance, by=by))
    audit.register_restore(AgreementStep, lambda *, instance, current, by: step_save(step=instance, by=by))
    audit.register_restore(LocalDirectorProfile,
                           lambda *, instance, current, by: director_profile_save(profile=instance, by=by))
