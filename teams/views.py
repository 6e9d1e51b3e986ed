"""Pages of stage 7: professional teams, their four-session track and outputs, and the CEO's
appointment of each team's domain lead."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.forms import add_validation_errors
from core.reference import MobilityDomain
from municipalities import selectors as municipality_selectors
from teams import selectors, services
from teams.forms import AppointLeadForm, OutputForm, TeamCreateForm, TeamForm, TrackItemForm
from teams.models import ProfessionalTeam, TeamOutput, TrackItem


def _team(pk):
    return get_object_or_404(ProfessionalTeam.objects.select_related("municipality", "body", "domain_lead",
                                                                     "local_goal", "lead_appointed_by"), pk=pk)


def _team_to_work_on(request, pk):
    """The team, if the user may work on it (its appointed domain lead, or a manager of teams)."""
    team = _team(pk)
    if not request.user.has_perm("teams.work", team):
        raise PermissionDenied
    return team


@access.tenant_view("teams.view")
def index(request):
    municipality = request.municipality
    return render(request, "teams/index.html", {
        "teams": list(selectors.team_list(municipality=municipality)),
        "can_manage": request.user.has_perm("teams.manage", municipality),
        "initiative": municipality_selectors.initiative_current(municipality=municipality),
    })


@access.tenant_view("teams.manage")
def team_new(request):
    municipality = request.municipality
    initiative = municipality_selectors.initiative_current(municipality=municipality)
    if initiative is None:
        messages.error(request, _("Open the initiative first: teams belong to an initiative."))
        return redirect("teams:index", slug=municipality.slug)
    # what the user typed on the body form before choosing "professional team" comes along
    carried = {key: request.GET[key].strip()[:limit] for key, limit in (("name", 200), ("purpose", 5000),
                                                                         ("domain", 30)) if request.GET.get(key)}
    if carried.get("domain") not in MobilityDomain.values:
        carried.pop("domain", None)
    form = TeamCreateForm(request.POST or None, municipality=municipality, initial=carried)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The team was created with the guide's four-session track."))
            return redirect("teams:detail", slug=municipality.slug, pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": None})


@access.tenant_view("teams.manage")
def team_edit(request, pk):
    team = _team(pk)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.team_update(team=team, by=request.user, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The team was saved."))
            return redirect("teams:detail", slug=request.municipality.slug, pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team})


@access.tenant_view("teams.view")
def detail(request, pk):
    team = _team(pk)
    municipality = request.municipality
    can_appoint = request.user.has_perm("teams.appoint_lead", municipality)
    return render(request, "teams/detail.html", {
        "team": team, "body": team.body,
        "sessions": selectors.team_track(team=team),
        "outputs": list(selectors.team_outputs(team=team)),
        "can_work": request.user.has_perm("teams.work", team),
        "can_manage": request.user.has_perm("teams.manage", municipality),
        "can_appoint": can_appoint,
        "appoint_form": AppointLeadForm(municipality=municipality, initial={
            "person": team.domain_lead_id, "mandate": team.mandate}) if can_appoint else None,
        "output_form": OutputForm(),
    })


@access.tenant_view("teams.view")
def team_of_body(request, body_pk):
    """The team of a steering body: steering's body page links here by URL (an earlier stage never
    reads a later stage's records), and this answers with the team's page."""
    team = get_object_or_404(selectors.team_list(municipality=request.municipality), body_id=body_pk)
    return redirect("teams:detail", slug=request.municipality.slug, pk=team.pk)


@access.tenant_view("teams.appoint_lead")
def appoint_lead(request, pk):
    team = _team(pk)
    form = AppointLeadForm(request.POST or None, municipality=request.municipality,
                           initial={"person": team.domain_lead_id, "mandate": team.mandate})
    if request.method == "POST" and form.is_valid():
        previous_chair = team.body.chair
        try:
            services.team_appoint_lead(team=team, person=form.cleaned_data["person"],
                                       mandate=form.cleaned_data["mandate"], by=request.user)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            lead = team.domain_lead
            if previous_chair is not None and previous_chair.pk != lead.pk:
                messages.success(request, _(
                    "%(name)s was appointed domain lead of the team and now also chairs its body, in place of "
                    "%(previous)s.") % {"name": lead.full_name, "previous": previous_chair.full_name})
            else:
                messages.success(request, _("%(name)s was appointed domain lead of the team and now also "
                                            "chairs its body.") % {"name": lead.full_name})
            return redirect("teams:detail", slug=request.municipality.slug, pk=team.pk)
    return render(request, "teams/appoint_form.html", {"form": form, "team": team}, status=400 if form.errors else 200)


@require_POST
@access.tenant_view("teams.view")
def track_item_update(request, pk, item_pk):
    team = _team_to_work_on(request, pk)
    item = get_object_or_404(TrackItem, pk=item_pk, team=team)
    form = TrackItemForm(request.POST)
    if form.is_valid():
        try:
            services.track_item_update(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, f"{item.display_label}: {msg}")
        else:
            messages.success(request, _("“%(label)s” was updated.") % {"label": item.display_label})
    else:
        messages.error(request, _("The checklist item could not be saved."))
    url = reverse("teams:detail", kwargs={"slug": request.municipality.slug, "pk": team.pk})
    return redirect(f"{url}#session-{item.session}")


@access.tenant_view("teams.view")
def output_add(request, pk):
    team = _team_to_work_on(request, pk)
    form = OutputForm(request.POST or None, instance=TeamOutput(municipality=request.municipality, team=team))
    if request.method == "POST" and form.is_valid():
        try:
            services.output_save(output=form.instance, by=request.user)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The output was added."))
            return redirect("teams:detail", slug=request.municipality.slug, pk=team.pk)
    return render(request, "teams/output_form.html", {"form": form, "team": team})
