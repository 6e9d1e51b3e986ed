"""Pages of stage 2 (the agreement process and the MOU) and stage 3 (the local director)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from core import access
from core.forms import add_validation_errors, messages_from_validation_error
from core.pdf import pdf_response
from mou import diff, selectors, services
from mou.forms import (
    AgreementDraftForm,
    AnchorExemptionForm,
    BudgetLineForm,
    DirectorProfileForm,
    LanguageForm,
    SignatoryForm,
    StepForm,
    TemplateForm,
)
from mou.models import (
    AgreementStatus,
    AgreementStep,
    AgreementVersion,
    AnchorExemption,
    BudgetLine,
    Duty,
    Language,
    LocalDirectorProfile,
    MouTemplate,
    Signatory,
    Signature,
)
from mou.sections import SECTIONS
from municipalities import selectors as municipality_selectors


def _initiative(request):
    return municipality_selectors.initiative_current(municipality=request.municipality)


def _agreement_or_redirect(request):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        messages.info(request, _("The agreement process has not started yet."))
    return agreement


def _to_index(request):
    return redirect("mou:index", slug=request.municipality.slug)


def _sections_of(version):
    return [(key, label, version.sections.get(key, "")) for key, label in SECTIONS] if version else []


@access.tenant_view("mou.view")
def index(request):
    municipality = request.municipality
    initiative = _initiative(request)
    agreement = selectors.agreement_for(initiative=initiative)
    can_manage = request.user.has_perm("mou.manage", municipality)
    profile = selectors.director_profile_for(initiative=initiative)
    context = {"initiative": initiative, "agreement": agreement, "can_manage": can_manage,
               "language_form": LanguageForm(), "is_hq": access.is_hq(request.user),
               "director_profile": profile, "post_state": profile.permanent_post_state() if profile else None}
    if agreement is not None:
        version = selectors.current_version(agreement=agreement)
        rows = selectors.signature_rows(agreement=agreement, version=version, user=request.user)
        done, needed = selectors.signature_progress(rows)
        steps = list(AgreementStep.objects.filter(agreement=agreement).order_by("date", "pk"))
        context.update({
            "version": version, "signature_rows": rows, "signed_count": done, "required_count": needed,
            "steps": steps, "step_form": StepForm(initial={"date": timezone.localdate()}),
            "budget": selectors.budget_summary(version.budget if version else []),
            "exemptions": selectors.anchor_exemptions(agreement=agreement),
            "versions_count": AgreementVersion.objects.filter(agreement=agreement).count(),
            "launched": any(s.kind == "launch" for s in steps),
        })
    return render(request, "mou/index.html", context)


@require_POST
@access.tenant_view("mou.manage")
def start(request):
    initiative = _initiative(request)
    if initiative is None:
        messages.error(request, _("Open the initiative first."))
        return _to_index(request)
    form = LanguageForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else Language.HEBREW
    try:
        services.agreement_start(initiative=initiative, by=request.user, language=language)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("The agreement process was opened and the MOU draft started from the "
                                    "template."))
    return _to_index(request)


@access.tenant_view("mou.manage")
def edit(request):
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    if agreement.is_locked:
        messages.warning(request, _("The MOU is signed and locked. To change it, start an amendment."))
        return _to_index(request)
    version = selectors.current_version(agreement=agreement)
    if agreement.status == AgreementStatus.SIGNING:
        # Out for signature: nothing is edited (and no signature voided) until the director explicitly
        # takes the MOU back to draft.
        if request.method == "POST":
            messages.error(request, _("The MOU is out for signature, so your change was not saved. Take it "
                                      "back to draft first."))
        rows = selectors.signature_rows(agreement=agreement, version=version)
        return render(request, "mou/edit.html", {
            "agreement": agreement, "form": None, "version": version,
            "signature_count": sum(1 for r in rows if r["signature"])})
    initial = {"title": version.title, **version.sections} if version else {"title": agreement.title}
    form = AgreementDraftForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_save_draft(agreement=agreement, title=form.cleaned_data["title"],
                                                  sections=form.sections(), by=request.user,
                                                  change_note=form.cleaned_data["change_note"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            if version and saved.pk == version.pk:
                messages.info(request, _("Nothing changed, so no new version was saved."))
            else:
                messages.success(request, _("Saved as version %(n)s.") % {"n": saved.number})
            return _to_index(request)
    return render(request, "mou/edit.html", {"agreement": agreement, "form": form, "version": version})


@require_POST
@access.tenant_view("mou.manage")
def submit(request):
    agreement = _agreement_or_redirect(request)
    if agreement is not None:
        try:
            services.agreement_submit(agreement=agreement, by=request.user)
        except ValidationError as exc:
            messages_from_validation_error(request, exc)
        else:
            messages.success(request, _("The MOU was sent for signature. Each signatory signs from their own "
                                        "account."))
    return _to_index(request)


@require_POST
@access.tenant_view("mou.manage")
def withdraw(request):
    agreement = _agreement_or_redirect(request)
    if agreement is not None:
        if not request.POST.get("confirm"):
            messages.error(request, _("Tick the box to confirm that you are taking the MOU back to draft."))
            return redirect("mou:edit", slug=request.municipality.slug)
        try:
            services.agreement_withdraw(agreement=agreement, by=request.user)
        except ValidationError as exc:
            messages_from_validation_error(request, exc)
        else:
            messages.success(request, _("The MOU is back in draft. Signatures given so far count only if it "
                                        "is sent again unchanged; a changed text is signed again by everyone."))
            return redirect("mou:edit", slug=request.municipality.slug)
    return _to_index(request)


@require_POST
@access.tenant_view("mou.manage")
def amend(request):
    agreement = _agreement_or_redirect(request)
    if agreement is not None:
        try:
            services.agreement_start_amendment(agreement=agreement, by=request.user)
        except ValidationError as exc:
            messages_from_validation_error(request, exc)
        else:
            messages.success(request, _("An amendment was opened. Edit it, then send it for the same "
                                        "signatures."))
            return redirect("mou:edit", slug=request.municipality.slug)
    return _to_index(request)


@access.tenant_view("mou.view")
def versions(request):
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    items = selectors.version_list(agreement=agreement)
    return render(request, "mou/versions.html", {"agreement": agreement, "versions": items})


@access.tenant_view("mou.view")
def compare(request):
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    items = selectors.version_list(agreement=agreement)
    by_id = {str(v.pk): v for v in items}
    old, new = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
    if old is None or new is None:
        if len(items) < 2:
            messages.info(request, _("There is only one version so far: nothing to compare."))
            return redirect("mou:versions", slug=request.municipality.slug)
        new, old = items[0], items[1]
    if old.number > new.number:
        old, new = new, old
    rows = diff.compare_versions(old, new)
    return render(request, "mou/compare.html", {
        "agreement": agreement, "versions": items, "old": old, "new": new, "rows": rows,
        "changed_count": sum(1 for r in rows if r["changed"])})


def _version_context(request, pk):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    version = get_object_or_404(AgreementVersion, pk=pk, agreement=agreement)
    current = selectors.current_version(agreement=agreement)
    rows = selectors.signature_rows(agreement=agreement, version=version, user=request.user)
    if version.pk != getattr(current, "pk", None):
        for row in rows:
            row["can_sign"] = False
    done, needed = selectors.signature_progress(rows)
    may_record_paper = request.user.has_perm("mou.manage", request.municipality) and \
        version.pk == getattr(current, "pk", None)
    for row in rows:
        row["can_record_paper"] = may_record_paper and row["awaits_paper"]
    return {"agreement": agreement, "version": version, "current": current, "sections": _sections_of(version),
            "signature_rows": rows, "signed_count": done, "required_count": needed,
            "budget": selectors.budget_summary(version.budget), "budget_lines": version.budget,
            "is_current": current is not None and current.pk == version.pk,
            "exemptions": selectors.anchor_exemptions(agreement=agreement),
            "initiative": agreement.initiative}


@access.tenant_view("mou.view")
def version_detail(request, pk):
    return render(request, "mou/version.html", _version_context(request, pk))


@access.tenant_view("mou.view")
def version_pdf(request, pk):
    context = _version_context(request, pk)
    context["printed_at"] = timezone.localdate()  # the date only: the cached PDF stays valid all day
    with translation.override(context["agreement"].language):  # the document in its own language
        return pdf_response(request, "mou/pdf.html", context,
                            filename=f"mou-{request.municipality.slug}-v{context['version'].number}.pdf")


@require_POST
@access.tenant_view("mou.sign")
def sign(request, pk):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    signatory = get_object_or_404(Signatory.objects.select_related("person"), pk=pk, agreement=agreement)
    version_id = request.POST.get("version", "")
    if not request.POST.get("confirm_read"):
        messages.error(request, _("Nothing was signed: tick the box confirming that you have read the version "
                                  "you sign."))
        version = AgreementVersion.objects.filter(pk=version_id if version_id.isdigit() else None,
                                                  agreement=agreement).first()
        version = version or selectors.current_version(agreement=agreement)
        if version is not None:
            return redirect("mou:version", slug=request.municipality.slug, pk=version.pk)
        return _to_index(request)
    try:
        services.signature_sign(agreement=agreement, signatory=signatory, version_id=version_id,
                                content_hash=request.POST.get("content_hash", ""), by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You can only sign for yourself."))
        return redirect("mou:index", slug=request.municipality.slug)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        agreement.refresh_from_db()
        if agreement.status == AgreementStatus.SIGNED:
            messages.success(request, _("You signed. Every required signatory has now signed: the MOU is "
                                        "signed and locked."))
        else:
            messages.success(request, _("You signed the MOU."))
    current = selectors.current_version(agreement=agreement)
    if current is not None:
        return redirect("mou:version", slug=request.municipality.slug, pk=current.pk)
    return _to_index(request)


@access.tenant_view("mou.manage")
def step_edit(request, pk=None):
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    step = get_object_or_404(AgreementStep, pk=pk, agreement=agreement) if pk else \
        AgreementStep(municipality=request.municipality, agreement=agreement)
    form = StepForm(request.POST or None, instance=step,
                    initial=None if pk else {"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.step_save(step=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The step was saved."))
            if form.instance.kind == "launch":
                messages.success(request, _("The partnership was launched: the initiative moved on to the "
                                            "local director stage."))
            return _to_index(request)
    return render(request, "mou/step_form.html", {"agreement": agreement, "form": form, "step": step})


@require_POST
@access.tenant_view("mou.manage")
def step_delete(request, pk):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    step = get_object_or_404(AgreementStep, pk=pk, agreement=agreement)
    services.step_delete(step=step, by=request.user)
    messages.success(request, _("The step was removed."))
    return _to_index(request)


@access.tenant_view("mou.view")
def budget(request, pk=None):
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    may_manage = request.user.has_perm("mou.manage", request.municipality)
    can_manage = may_manage and not agreement.is_locked and agreement.status != AgreementStatus.SIGNING
    line = None
    form = None
    if may_manage and not can_manage and (pk or request.method == "POST"):
        messages.error(request, _("The MOU is signed and locked. To change the budget, start an amendment.")
                       if agreement.is_locked else
                       _("The MOU is out for signature, so the budget appendix cannot change now. Take it back "
                         "to draft first."))
        return redirect("mou:budget", slug=request.municipality.slug)
    if can_manage:
        line = get_object_or_404(BudgetLine, pk=pk, agreement=agreement) if pk else \
            BudgetLine(municipality=request.municipality, agreement=agreement, year=timezone.localdate().year)
        form = BudgetLineForm(request.POST or None, instance=line)
        if request.method == "POST" and form.is_valid():
            try:
                services.budget_line_save(line=form.instance, by=request.user)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The budget appendix was saved as a new version of the MOU."))
                return redirect("mou:budget", slug=request.municipality.slug)
    elif pk or request.method == "POST":
        raise PermissionDenied
    lines = list(BudgetLine.objects.filter(agreement=agreement).order_by("year", "source_sector", "pk"))
    return render(request, "mou/budget.html", {
        "agreement": agreement, "lines": lines, "summary": selectors.budget_summary(lines), "form": form,
        "line": line, "can_manage": can_manage})


@access.tenant_view("mou.view")
def budget_export(request):
    """The budget appendix as Excel (core.spreadsheets.write_xlsx): the lines with money as numbers and
    a total, then the totals per year and source sector."""
    from core.spreadsheets import INT, MONEY, TEXT, Sheet, SheetColumn, write_xlsx, xlsx_response

    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    lines = list(BudgetLine.objects.filter(agreement=agreement).order_by("year", "source_sector", "pk"))
    summary = selectors.budget_summary(lines)
    def field(name):
        return capfirst(BudgetLine._meta.get_field(name).verbose_name)

    total_label = pgettext("budget", "Total")
    line_sheet = Sheet(
        _("Budget lines"),
        [SheetColumn(field("year"), INT), SheetColumn(field("source_sector"), TEXT),
         SheetColumn(field("funder"), TEXT, 30), SheetColumn(field("purpose"), TEXT, 40),
         SheetColumn(field("amount"), MONEY, 16)],
        [[line.year, line.get_source_sector_display(), line.funder, line.purpose, line.amount] for line in lines],
        totals=[total_label, None, None, None, summary["total"]])
    totals_sheet = Sheet(
        _("Totals per year and source"),
        [SheetColumn(_("Year"), INT)] + [SheetColumn(s["label"], MONEY, 16) for s in summary["sources"]]
        + [SheetColumn(total_label, MONEY, 16)],
        [[row["year"], *row["cells"], row["total"]] for row in summary["rows"]],
        totals=[total_label, *[s["total"] for s in summary["sources"]], summary["total"]])
    content = write_xlsx([line_sheet, totals_sheet])
    return xlsx_response(content, f"mou-budget-{request.municipality.slug}.xlsx")


@require_POST
@access.tenant_view("mou.manage")
def budget_delete(request, pk):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    line = get_object_or_404(BudgetLine, pk=pk, agreement=agreement)
    try:
        services.budget_line_delete(line=line, by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("The budget line was removed (saved as a new version of the MOU)."))
    return redirect("mou:budget", slug=request.municipality.slug)


@access.tenant_view("mou.manage")
def signatories(request, pk=None):
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    signatory = get_object_or_404(Signatory, pk=pk, agreement=agreement) if pk else \
        Signatory(municipality=request.municipality, agreement=agreement)
    form = SignatoryForm(request.POST or None, instance=signatory, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_save(signatory=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The signatory was saved."))
            return redirect("mou:signatories", slug=request.municipality.slug)
    return render(request, "mou/signatories.html", _signatories_context(request, agreement, form=form,
                                                                         signatory=signatory))


def _signatories_context(request, agreement, **extra):
    signatories = selectors.signatory_list(agreement=agreement)
    exemptions = selectors.anchor_exemptions(agreement=agreement)
    can_mark = request.user.has_perm("mou.mark_anchor", request.municipality)
    context = {
        "agreement": agreement, "signatories": signatories,
        "rows": selectors.signatory_table(agreement=agreement, signatories=signatories, exemptions=exemptions),
        "exemptions": exemptions, "missing_anchors": selectors.missing_anchors(signatories=signatories,
                                                                              exemptions=exemptions),
        "can_mark_anchor": can_mark and agreement.status == AgreementStatus.DRAFT,
    }
    if context["can_mark_anchor"] and "exemption_form" not in extra:
        context["exemption_form"] = AnchorExemptionForm(exempted={e.anchor for e in exemptions},
                                                        prefix="exempt")
    context.update(extra)
    return context


@require_POST
@access.tenant_view("mou.mark_anchor")
def anchor_exempt(request):
    """HQ marks one of the guide's anchors not applicable to this MOU, with the reason."""
    agreement = _agreement_or_redirect(request)
    if agreement is None:
        return _to_index(request)
    exempted = {e.anchor for e in selectors.anchor_exemptions(agreement=agreement)}
    form = AnchorExemptionForm(request.POST, exempted=exempted, prefix="exempt")
    if form.is_valid():
        try:
            services.anchor_mark_not_applicable(agreement=agreement, anchor=form.cleaned_data["anchor"],
                                                reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The anchor was marked not applicable. The reason is shown with the "
                                        "signatories."))
            return redirect("mou:signatories", slug=request.municipality.slug)
    signatory = Signatory(municipality=request.municipality, agreement=agreement)
    return render(request, "mou/signatories.html", _signatories_context(
        request, agreement, exemption_form=form, signatory=signatory,
        form=SignatoryForm(instance=signatory, municipality=request.municipality)))


@require_POST
@access.tenant_view("mou.mark_anchor")
def anchor_exempt_delete(request, pk):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    exemption = get_object_or_404(AnchorExemption, pk=pk, agreement=agreement)
    try:
        services.anchor_mark_applicable(exemption=exemption, by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("The anchor applies again: it needs a required signatory."))
    return redirect("mou:signatories", slug=request.municipality.slug)


@require_POST
@access.tenant_view("mou.manage")
def sign_paper(request, pk):
    """The local director uploads the signed scan of a signatory who signed the printed version."""
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    signatory = get_object_or_404(Signatory.objects.select_related("person"), pk=pk, agreement=agreement)
    version_id = request.POST.get("version", "")
    current = selectors.current_version(agreement=agreement)
    back = redirect("mou:version", slug=request.municipality.slug, pk=current.pk) if current else _to_index(request)
    if not request.POST.get("confirm_paper"):
        messages.error(request, _("Nothing was recorded: tick the box confirming that the scan is this version, "
                                  "signed by the signatory."))
        return back
    try:
        services.signature_record_paper(agreement=agreement, signatory=signatory, version_id=version_id,
                                        content_hash=request.POST.get("content_hash", ""),
                                        scan=request.FILES.get("scan"), by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        agreement.refresh_from_db()
        messages.success(request, _("The signature on paper of %(name)s was recorded.")
                         % {"name": signatory.person.full_name})
        if agreement.status == AgreementStatus.SIGNED:
            messages.success(request, _("Every required signatory has now signed: the MOU is signed and locked."))
    return back


@require_GET
@access.tenant_view("mou.view")
def signature_scan(request, pk):
    """The signed scan of a signature on paper, only inside its municipality."""
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    signature = get_object_or_404(Signature, pk=pk, version__agreement=agreement, on_paper=True)
    if not signature.scan:
        raise Http404
    extension = signature.scan_name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}.get(extension)
    if content_type is None:
        raise Http404
    response = FileResponse(default_storage.open(signature.scan.name, "rb"), content_type=content_type,
                            as_attachment=True, filename=f"signature-{signature.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@access.tenant_view("mou.manage")
def signatory_delete(request, pk):
    agreement = selectors.agreement_for(initiative=_initiative(request))
    if agreement is None:
        raise Http404
    signatory = get_object_or_404(Signatory, pk=pk, agreement=agreement)
    try:
        services.signatory_remove(signatory=signatory, by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("The signatory was removed."))
    return redirect("mou:signatories", slug=request.municipality.slug)


@access.tenant_view("mou.edit_template")
def template_edit(request):
    language = request.GET.get("language") or request.POST.get("language") or Language.HEBREW
    if language not in Language.values:
        language = Language.HEBREW
    title, sections, saved = selectors.template_for(language=language)
    template = saved or MouTemplate(language=language)
    form = TemplateForm(request.POST or None, template=template, initial={"title": title, **sections})
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(language=language, title=form.cleaned_data["title"],
                                   sections=form.sections(), by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The MOU template was saved. New agreements start from it."))
            return redirect(f"{request.path}?language={language}")
    return render(request, "mou/template_form.html", {"form": form, "language": language,
                                                      "language_choices": Language.choices, "saved": saved})


@access.tenant_view("mou.view")
def director(request):
    municipality = request.municipality
    initiative = _initiative(request)
    can_manage = request.user.has_perm("mou.manage", municipality)
    profile = selectors.director_profile_for(initiative=initiative)
    form = None
    if initiative is not None and can_manage:
        instance = profile or LocalDirectorProfile(municipality=municipality, initiative=initiative,
                                                   duties=list(Duty.values))
        editing = request.GET.get("edit") == "1" or profile is None or request.method == "POST"
        if editing:
            form = DirectorProfileForm(request.POST or None, instance=instance, municipality=municipality)
            if request.method == "POST" and form.is_valid():
                try:
                    services.director_profile_save(profile=form.instance, by=request.user,
                                                   local_director=form.cleaned_data["local_director"],
                                                   set_director=True)
                except ValidationError as exc:
                    add_validation_errors(form, exc)
                else:
                    messages.success(request, _("The local director's profile was saved."))
                    return redirect("mou:director", slug=municipality.slug)
    elif request.method == "POST":
        raise PermissionDenied
    duties = []
    if profile is not None:
        chosen = set(profile.duties or [])
        duties = [(label, value in chosen) for value, label in Duty.choices]
    return render(request, "mou/director.html", {
        "initiative": initiative, "profile": profile, "form": form, "can_manage": can_manage,
        "duties": duties, "post_state": profile.permanent_post_state() if profile else None,
        "today": timezone.localdate()})
