from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access
from core.forms import add_validation_errors, messages_from_validation_error
from core.reference import Sector
from core.roles import Role
from core.stages import STAGES
from municipalities import approvals, selectors, services
from municipalities import home as initiative_home
from municipalities.forms import InitiativeForm, InviteForm, MembershipRoleForm, PersonForm
from municipalities.models import Initiative, Membership, Municipality, Person
from municipalities.rules import contact_visibility


@login_required
def home(request):
    """Where a signed-in user lands: HQ home, their municipality, or a choice between several."""
    if access.is_hq(request.user):
        return redirect("hq:home")
    ids = access.member_municipality_ids(request.user)
    municipalities = list(Municipality.objects.filter(pk__in=ids))
    if len(municipalities) == 1:
        return redirect("municipalities:home", slug=municipalities[0].slug)
    return render(request, "municipalities/choose.html", {"municipalities": municipalities})


@access.hq_view()
def hq_home(request):
    initiatives = list(selectors.initiative_list_hq())
    total_population = sum(i.municipality.population or 0 for i in initiatives
                           if i.status == "active")
    return render(request, "municipalities/hq_home.html", {
        "initiatives": initiatives, "stages": STAGES, "total_population": total_population,
        "active_count": sum(1 for i in initiatives if i.status == "active"),
    })


@access.tenant_view("municipalities.view")
def municipality_home(request):
    """The initiative home: what needs the signed-in user today (their meetings, action items, what
    awaits their signature or approval, unread notifications), the initiative's next roadmap step,
    and each stage's state from its data. A bounded number of queries (tests pin it)."""
    municipality = request.municipality
    user = request.user
    today = timezone.localdate()
    initiative = selectors.initiative_current(municipality=municipality)
    rows = initiative_home.stage_rows(municipality=municipality, initiative=initiative)
    is_approver = user.has_perm("municipalities.approve", municipality)
    waiting = approvals.awaiting(user, municipality)
    return render(request, "municipalities/home.html", {
        "initiative": initiative,
        "timeline": rows,
        "next_step": initiative_home.next_step(rows, initiative),
        "exit_overdue": initiative_home.exit_overdue(initiative, today),
        "work": initiative_home.work_sections(user=user, municipality=municipality, initiative=initiative),
        "awaiting": waiting,
        "show_awaiting": bool(waiting) or is_approver,
        "notifications": selectors.unread_notifications(user=user),
        "key_members": selectors.key_members(municipality=municipality),
        "people_summary": selectors.municipality_people_summary(municipality=municipality),
        "role": access.role_in(user, municipality),
        "can_manage": user.has_perm("municipalities.manage", municipality),
        "cluster_members": list(municipality.cluster_members.all()),
        "today": today,
    })


@access.tenant_view("municipalities.approve")
def approvals_view(request):
    return render(request, "municipalities/approvals.html", {
        "awaiting": approvals.awaiting(request.user, request.municipality)})


@access.tenant_view("municipalities.manage")
def initiative_edit(request):
    municipality = request.municipality
    initiative = selectors.initiative_current(municipality=municipality) or Initiative(municipality=municipality)
    form = InitiativeForm(request.POST or None, instance=initiative, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.initiative_update(initiative=initiative, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The initiative was saved."))
            return redirect("municipalities:home", slug=municipality.slug)
    return render(request, "municipalities/initiative_form.html", {"form": form, "initiative": initiative})


@access.tenant_view("municipalities.view")
def person_list(request):
    municipality = request.municipality
    search = request.GET.get("q", "").strip()
    sector = request.GET.get("sector", "")
    visibility = contact_visibility(request.user, municipality)
    people = list(selectors.person_list(municipality=municipality, search=search, sector=sector,
                                        search_contacts=visibility.all))
    for person in people:
        person.contact_visible = visibility.shows(person)
    context = {"people": people, "q": search, "sector": sector, "sectors": Sector.choices,
               "contacts_limited": not visibility.all,
               "can_manage": request.user.has_perm("municipalities.manage", municipality)}
    template = "municipalities/people.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@access.tenant_view("municipalities.manage")
def person_edit(request, pk=None):
    municipality = request.municipality
    person = get_object_or_404(Person, pk=pk) if pk else Person(municipality=municipality)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save(person=form.instance, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": person.full_name})
            return redirect("municipalities:people", slug=municipality.slug)
    return render(request, "municipalities/person_form.html", {"form": form, "person": person})


def _grantable_roles(user):
    if access.is_hq_admin_user(user):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value in services.DIRECTOR_GRANTABLE_ROLES]


@login_required
def invitation_answer(request, pk):
    """The invited person's own page: accept or decline an invitation to a municipality. Anyone
    else gets 404 (whoever they are, nothing of the invitation shows)."""
    invitation = services.invitation_for(user=request.user, pk=pk)
    if invitation is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                services.invitation_accept(invitation=invitation, by=request.user)
                messages.success(request, _("Welcome: you joined %(m)s.") % {"m": invitation.municipality.name})
                return redirect("municipalities:home", slug=invitation.municipality.slug)
            if request.POST.get("answer") == "decline":
                services.invitation_decline(invitation=invitation, by=request.user)
                messages.success(request, _("You declined the invitation."))
                return redirect("home")
            raise Http404
        except ValidationError as exc:
            messages_from_validation_error(request, exc)
    return render(request, "municipalities/invitation.html", {"invitation": invitation})


@access.tenant_view("municipalities.manage_users")
def user_list(request):
    municipality = request.municipality
    grantable = _grantable_roles(request.user)
    form = InviteForm(request.POST or None, roles=grantable)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_invite(municipality=municipality, by=request.user, request=request,
                                       **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {
                "email": form.cleaned_data["email"]})
            return redirect("municipalities:users", slug=municipality.slug)
    memberships = list(selectors.membership_list(municipality=municipality))
    # Everyone invited who has not joined yet is listed alike, by what the inviter typed: a new address
    # (its account and membership exist, never used) and an existing account (a pending Invitation),
    # so the page never tells whether an address already had an account.
    not_joined = [mm for mm in memberships
                  if mm.is_active and mm.user.last_login is None and not mm.user.has_usable_password()]
    invitations = [{"email": mm.user.email, "first_name": mm.user.first_name, "last_name": mm.user.last_name,
                    "role": mm.role, "role_display": mm.get_role_display(), "sent": mm.created_at,
                    "resend_url": reverse("municipalities:membership_update", args=[municipality.slug, mm.pk]),
                    "resend_field": "resend"} for mm in not_joined]
    invitations += [{"email": inv.email, "first_name": inv.first_name, "last_name": inv.last_name,
                     "role": inv.role, "role_display": inv.get_role_display(), "sent": inv.updated_at,
                     "resend_url": reverse("municipalities:invitation_resend", args=[municipality.slug, inv.pk]),
                     "resend_field": "again"} for inv in services.invitations_pending(municipality=municipality)]
    invitations.sort(key=lambda row: row["sent"], reverse=True)
    return render(request, "municipalities/users.html", {
        "form": form, "memberships": [mm for mm in memberships if mm not in not_joined], "grantable": grantable,
        "invitations": invitations,
        "grantable_values": {value for value, _ in grantable}})


@require_POST
@access.tenant_view("municipalities.manage_users")
def invitation_resend(request, pk):
    invitation = get_object_or_404(services.invitations_pending(municipality=request.municipality), pk=pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user, request=request)
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    else:
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email})
    return redirect("municipalities:users", slug=request.municipality.slug)


@require_POST
@access.tenant_view("municipalities.manage_users")
def membership_update(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    try:
        if "role" in request.POST:
            form = MembershipRoleForm(request.POST, instance=Membership(role=membership.role))
            if not form.is_valid():
                raise ValidationError(form.errors["role"])
            services.membership_set_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
            messages.success(request, _("The role was changed."))
        elif "resend" in request.POST:
            services.membership_resend_invitation(membership=membership, by=request.user, request=request)
            messages.success(request, _("The invitation was sent again to %(email)s.") % {
                "email": membership.user.email})
        elif "active" in request.POST:
            active = request.POST["active"] == "1"
            services.membership_set_active(membership=membership, active=active, by=request.user)
            messages.success(request, _("The user was reactivated.") if active
                             else _("The user was deactivated."))
        else:
            raise Http404
    except ValidationError as exc:
        messages_from_validation_error(request, exc)
    return redirect("municipalities:users", slug=request.municipality.slug)
