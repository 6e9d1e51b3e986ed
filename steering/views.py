"""Pages of stage 4: bodies, members, meetings, attendance, minutes, decisions, action items,
compliance. Thin function views: check access, validate, call one service or selector, render."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core import access
from core.forms import add_validation_errors, messages_from_validation_error
from core.pdf import pdf_response
from municipalities import selectors as municipality_selectors
from steering import charts, ics, selectors, services
from steering.defaults import BODY_DEFAULTS, BodyKind
from steering.forms import (
    ActionForm,
    ActionStatusForm,
    BodyForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    PlanYearForm,
    changed_from_defaults,
    rebase_on_kind,
)
from steering.models import ActionItem, AttendanceStatus, Body, BodyMember, Meeting


def _body(pk):
    return get_object_or_404(Body, pk=pk)


def _meeting(pk, *, deleted=False):
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk,
                             deleted_at__isnull=not deleted)


def _can_manage(request):
    return request.user.has_perm("steering.manage", request.municipality)


def _can_administer(request):
    """Delete meetings, remove members: the local director and HQ admin (steering/rules.py)."""
    return request.user.has_perm("steering.administer", request.municipality)


def _updatable_actions(request, items):
    """The ids of the action items the user may change the status of: all for those who manage,
    else the ones they own (the same rule as the action_status view and the API)."""
    if _can_manage(request):
        return {item.pk for item in items}
    return {item.pk for item in items if request.user.has_perm("steering.update_action", item)}


@access.tenant_view("steering.view")
def index(request):
    municipality = request.municipality
    bodies = list(selectors.body_list(municipality=municipality))
    compliance = {row.body.pk: row for row in selectors.compliance(municipality=municipality)}
    for body in bodies:
        body.compliance = compliance.get(body.pk)
        body.next_meeting = body.upcoming[0] if body.upcoming else None
    overdue_count = selectors.overdue_actions(municipality=municipality).count()
    return render(request, "steering/index.html", {
        "bodies": bodies, "kinds": BodyKind.choices, "overdue_count": overdue_count,
        "my_count": selectors.my_actions(user=request.user, municipality=municipality).count(),
        "initiative": municipality_selectors.initiative_current(municipality=municipality),
        "can_manage": _can_manage(request), "can_administer": _can_administer(request),
        "defaults": BODY_DEFAULTS,
    })


def _team_setup_url(municipality, values):
    """The professional-team set-up page, carrying what the user already typed for the body."""
    url = reverse("teams:team_new", kwargs={"slug": municipality.slug})
    carried = {key: values.get(key, "").strip() for key in ("name", "purpose", "domain")}
    if carried["name"] in {str(label) for label in BodyKind.labels}:
        carried["name"] = ""  # the kind's default name, not something the user typed
    query = urlencode({k: v for k, v in carried.items() if v})
    return f"{url}?{query}" if query else url


@access.tenant_view("steering.manage")
def body_new(request):
    """Set up a body from the guide's defaults for its kind. Changing Kind re-renders the form with
    that kind's defaults (htmx), keeping what the user typed; a posted form whose Kind changed
    without JavaScript takes the submitted kind's defaults for every value left untouched."""
    municipality = request.municipality
    initiative = municipality_selectors.initiative_current(municipality=municipality)
    if initiative is None:
        messages.error(request, _("Open the initiative first: bodies belong to an initiative."))
        return redirect("steering:index", slug=municipality.slug)
    values = request.POST if request.method == "POST" else request.GET
    kind = values.get("kind") or BodyKind.STEERING_COMMITTEE
    if kind not in BodyKind.values:
        kind = BodyKind.STEERING_COMMITTEE
    if kind == BodyKind.PROFESSIONAL_TEAM:
        # a professional team is a body plus its domain, goal, lead and four-session track: set up in teams/
        url = _team_setup_url(municipality, values)
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    initial = services.body_initial(kind)
    body = Body(municipality=municipality, initiative=initiative, kind=kind,
                composition_target=initial["composition_target"], skip_months=initial["skip_months"])
    initial.update({"name": BodyKind(kind).label, "established_on": timezone.localdate(), "defaults_kind": kind})
    kind_url = reverse("steering:body_new", kwargs={"slug": municipality.slug})
    data = None
    if request.method == "POST":
        data = rebase_on_kind(request.POST, old_kind=request.POST.get("defaults_kind") or kind, new_kind=kind)
    elif request.htmx and "defaults_kind" in request.GET:
        # Kind changed in the form: the same form with the new kind's defaults, what was typed kept
        rebased = rebase_on_kind(request.GET, old_kind=request.GET.get("defaults_kind"), new_kind=kind)
        initial = {key: rebased.getlist(key) if key == "skip_months_choice" else rebased.get(key)
                   for key in rebased if key != "csrfmiddlewaretoken"}
        form = BodyForm(instance=body, initial=initial, municipality=municipality, kind_url=kind_url)
        return render(request, "steering/body_form.html#body-form", {"form": form, "body": body, "kind": kind})
    form = BodyForm(data, instance=body, initial=initial, municipality=municipality, kind_url=kind_url)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_save(body=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            changed = changed_from_defaults(body)
            if changed:
                messages.success(request, ngettext(
                    "The body %(name)s was created from the guide's defaults (%(kind)s); %(n)s setting "
                    "differs from them, as you chose.",
                    "The body %(name)s was created from the guide's defaults (%(kind)s); %(n)s settings "
                    "differ from them, as you chose.", changed) % {
                    "name": body.name, "kind": body.get_kind_display(), "n": changed})
            else:
                messages.success(request, _("The body %(name)s was created with the guide's defaults "
                                            "(%(kind)s).") % {"name": body.name, "kind": body.get_kind_display()})
            return redirect("steering:body_detail", slug=municipality.slug, pk=body.pk)
    return render(request, "steering/body_form.html", {"form": form, "body": body, "kind": kind,
                                                       "kinds": BodyKind.choices})


@access.tenant_view("steering.manage")
def body_edit(request, pk):
    body = _body(pk)
    form = BodyForm(request.POST or None, instance=body, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_save(body=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("steering:body_detail", slug=request.municipality.slug, pk=body.pk)
    return render(request, "steering/body_form.html", {"form": form, "body": body, "kind": body.kind})


def _body_context(request, body, **extra):
    members = list(selectors.member_list(body=body))
    composition = selectors.body_composition(body=body, members=members)
    meetings = list(selectors.meeting_list(body=body))
    actions = list(selectors.body_actions(body=body))
    now = timezone.now()
    context = {
        "body": body, "members": members, "composition": composition,
        "chart": charts.composition_chart(composition),
        "upcoming": [m for m in meetings if m.starts_at >= now],
        "past": [m for m in meetings if m.starts_at < now][::-1],
        "rates": selectors.attendance_rates(body=body),
        "actions": actions, "updatable": _updatable_actions(request, actions),
        "can_manage": _can_manage(request), "can_administer": _can_administer(request),
        "member_form": MemberForm(body=body),
        "plan_form": PlanYearForm(initial={"first_date": timezone.localdate(), "avoid_holidays": True}),
        "is_team": body.kind == BodyKind.PROFESSIONAL_TEAM,
        "today": timezone.localdate(),
        "status_choices": ActionStatusForm.base_fields["status"].choices,
    }
    context.update(extra)
    return context


@access.tenant_view("steering.view")
def body_detail(request, pk):
    body = _body(pk)
    return render(request, "steering/body_detail.html", _body_context(request, body))


@require_POST
@access.tenant_view("steering.manage")
def member_add(request, pk):
    body = _body(pk)
    form = MemberForm(request.POST, body=body)
    if form.is_valid():
        try:
            member = services.member_add(body=body, person=form.cleaned_data["person"],
                                         sector=form.cleaned_data["sector"], role=form.cleaned_data["role"],
                                         by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("%(name)s joined the body.") % {"name": member.person.full_name})
            return redirect("steering:body_detail", slug=request.municipality.slug, pk=body.pk)
    return render(request, "steering/body_detail.html", _body_context(request, body, member_form=form),
                  status=400)


@require_POST
@access.tenant_view("steering.administer")
def member_remove(request, pk, member_pk):
    body = _body(pk)
    member = get_object_or_404(BodyMember, pk=member_pk, body=body)
    services.member_remove(member=member, by=request.user)
    messages.success(request, _("%(name)s left the body; their attendance stays on record.") % {
        "name": member.person.full_name})
    return redirect("steering:body_detail", slug=request.municipality.slug, pk=body.pk)


@require_POST
@access.tenant_view("steering.manage")
def plan_year(request, pk):
    """Plan a year of meetings. Dates in the past or on Shabbat are shown first and planned only once
    the user confirms; months in which the body already meets are skipped (and counted)."""
    body = _body(pk)
    form = PlanYearForm(request.POST)
    if form.is_valid():
        values = form.plan_values()
        warnings = services.plan_warnings(body=body, first_date=values["first_date"], count=values["count"],
                                          avoid_holidays=values["avoid_holidays"])
        if warnings and not form.cleaned_data["confirm"]:
            form.ask_to_confirm()
            return render(request, "steering/body_detail.html",
                          _body_context(request, body, plan_form=form, plan_warnings=warnings))
        created = services.meetings_plan_year(body=body, by=request.user, **values)
        messages.success(request, ngettext("%(n)s meeting was planned.", "%(n)s meetings were planned.",
                                           len(created)) % {"n": len(created)})
        if created.skipped:
            messages.info(request, ngettext(
                "%(n)s month was skipped: the body already has a meeting in it (%(months)s).",
                "%(n)s months were skipped: the body already has a meeting in them (%(months)s).",
                len(created.skipped)) % {"n": len(created.skipped),
                                         "months": ", ".join(date_format(d, "F Y") for d in created.skipped)})
        return redirect("steering:body_detail", slug=request.municipality.slug, pk=body.pk)
    return render(request, "steering/body_detail.html", _body_context(request, body, plan_form=form), status=400)


@access.tenant_view("steering.manage")
def meeting_new(request, pk):
    body = _body(pk)
    meeting = Meeting(municipality=request.municipality, body=body, duration_minutes=body.duration_minutes)
    return _meeting_form(request, meeting)


@access.tenant_view("steering.manage")
def meeting_edit(request, pk):
    return _meeting_form(request, _meeting(pk))


def _meeting_form(request, meeting):
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save(meeting=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)
    return render(request, "steering/meeting_form.html", {"form": form, "meeting": meeting, "body": meeting.body})


@access.tenant_view("steering.view")
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "deleted_by"), pk=pk)
    can_manage = _can_manage(request)
    body = meeting.body
    actions = list(ActionItem.objects.filter(meeting=meeting).select_related("owner", "decision"))
    return render(request, "steering/meeting_detail.html", {
        "meeting": meeting, "body": body,
        "attendance": selectors.meeting_attendance(meeting=meeting),
        "statuses": AttendanceStatus.choices,
        "decisions": list(selectors.meeting_decisions(meeting=meeting)),
        "actions": actions, "updatable": set() if meeting.deleted_at else _updatable_actions(request, actions),
        "can_manage": can_manage and not meeting.deleted_at,
        "can_administer": _can_administer(request) and not meeting.deleted_at,
        "can_restore": _can_administer(request),
        "minutes_form": MinutesForm(instance=meeting), "decision_form": DecisionForm(),
        "action_form": ActionForm(body=body, initial={"due_date": max(timezone.localdate(), meeting.local_date)}),
        "status_choices": ActionStatusForm.base_fields["status"].choices,
        "today": timezone.localdate(),
    })


@require_POST
@access.tenant_view("steering.manage")
def meeting_cancel(request, pk):
    meeting = _meeting(pk)
    services.meeting_cancel(meeting=meeting, by=request.user)
    messages.success(request, _("The meeting was cancelled."))
    return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)


@require_POST
@access.tenant_view("steering.manage")
def meeting_uncancel(request, pk):
    meeting = _meeting(pk)
    try:
        services.meeting_uncancel(meeting=meeting, by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("The cancellation was undone: the meeting is %(status)s again.") % {
            "status": meeting.get_status_display()})
    return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)


@require_POST
@access.tenant_view("steering.administer")
def meeting_delete(request, pk):
    meeting = _meeting(pk)
    body_pk = meeting.body_id
    soft = services.meeting_delete(meeting=meeting, by=request.user)
    if soft:
        messages.success(request, _("The meeting holds an agenda, minutes, attendance, decisions or action items, "
                                    "so it was moved to the deleted meetings, from where it can be restored."))
    else:
        messages.success(request, _("The meeting was deleted."))
    return redirect("steering:body_detail", slug=request.municipality.slug, pk=body_pk)


@require_POST
@access.tenant_view("steering.administer")
def meeting_restore(request, pk):
    meeting = _meeting(pk, deleted=True)
    services.meeting_restore(meeting=meeting, by=request.user)
    messages.success(request, _("The meeting was restored."))
    return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)


@access.tenant_view("steering.administer")
def deleted_meetings(request):
    return render(request, "steering/deleted_meetings.html", {
        "meetings": selectors.deleted_meetings(municipality=request.municipality)})


@require_POST
@access.tenant_view("steering.manage")
def meeting_attendance(request, pk):
    meeting = _meeting(pk)
    statuses = {key[len("member_"):]: value for key, value in request.POST.items() if key.startswith("member_")}
    try:
        if not all(k.isdigit() for k in statuses):
            raise ValidationError(_("Attendance names someone who is not a member of this body."))
        services.attendance_record(meeting=meeting, statuses=statuses, by=request.user)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("Attendance was saved."))
    return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)


@access.tenant_view("steering.manage")
def meeting_minutes(request, pk):
    meeting = _meeting(pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_minutes(meeting=meeting, minutes=form.cleaned_data["minutes"], by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)
    return render(request, "steering/minutes_form.html", {"form": form, "meeting": meeting, "body": meeting.body})


@access.tenant_view("steering.manage")
def decision_add(request, pk):
    meeting = _meeting(pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = services.decision_add(meeting=meeting, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("Decision %(n)s was recorded.") % {"n": decision.number})
        return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)
    return render(request, "steering/item_form.html", {"form": form, "meeting": meeting, "body": meeting.body,
                                                       "title": _("Add a decision")})


@access.tenant_view("steering.manage")
def action_add(request, pk):
    meeting = _meeting(pk)
    form = ActionForm(request.POST or None, body=meeting.body)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(body=meeting.body, meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The action item was added."))
            return redirect("steering:meeting_detail", slug=request.municipality.slug, pk=meeting.pk)
    return render(request, "steering/item_form.html", {"form": form, "meeting": meeting, "body": meeting.body,
                                                       "title": _("Add an action item")})


@require_POST
@access.tenant_view("steering.view")
def action_status(request, pk):
    """Change an action item's status: those who manage the bodies, and the item's owner."""
    item = get_object_or_404(ActionItem.objects.select_related("owner"), pk=pk)
    if not request.user.has_perm("steering.update_action", item):
        raise PermissionDenied
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_set_status(item=item, status=form.cleaned_data["status"], by=request.user)
        messages.success(request, _("The action item is now: %(status)s.") % {"status": item.get_status_display()})
    else:
        messages.error(request, _("Choose a valid status."))
    next_url = request.POST.get("next", "")
    if next_url.startswith(f"/m/{request.municipality.slug}/") and "//" not in next_url:
        return redirect(next_url)
    return redirect("steering:body_detail", slug=request.municipality.slug, pk=item.body_id)


@access.tenant_view("steering.view")
def overdue_actions(request):
    items = list(selectors.overdue_actions(municipality=request.municipality))
    return render(request, "steering/overdue.html", {
        "items": items, "updatable": _updatable_actions(request, items),
        "today": timezone.localdate(), "can_manage": _can_manage(request),
        "status_choices": ActionStatusForm.base_fields["status"].choices})


@access.tenant_view("steering.view")
def my_actions(request):
    items = list(selectors.my_actions(user=request.user, municipality=request.municipality))
    return render(request, "steering/my_actions.html", {
        "items": items, "updatable": _updatable_actions(request, items),
        "today": timezone.localdate(), "status_choices": ActionStatusForm.base_fields["status"].choices})


@access.tenant_view("steering.view")
def compliance(request):
    rows = selectors.compliance(municipality=request.municipality)
    return render(request, "steering/compliance.html", {"rows": rows, "today": timezone.localdate(),
                                                        "window_start": selectors._window()[0]})


@access.tenant_view("steering.view")
def meeting_ics(request, pk):
    # a deleted meeting is served too, with STATUS:CANCELLED, so calendars that imported it drop it
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    url = request.build_absolute_uri(reverse("steering:meeting_detail",
                                             kwargs={"slug": request.municipality.slug, "pk": meeting.pk}))
    text = ics.meeting_ics(meeting, url=url)
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@access.tenant_view("steering.view")
def meeting_minutes_pdf(request, pk):
    meeting = _meeting(pk)
    return pdf_response(request, "steering/minutes_pdf.html", {
        "meeting": meeting, "body": meeting.body, "municipality": request.municipality,
        "attendance": [(m, a) for m, a in selectors.meeting_attendance(meeting=meeting) if a is not None],
        "decisions": list(selectors.meeting_decisions(meeting=meeting)),
        "actions": list(ActionItem.objects.filter(meeting=meeting).select_related("owner", "decision")),
    }, filename=f"minutes-{meeting.pk}.pdf")
