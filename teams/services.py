"""Writes of stage 7."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import access, notifications
from core.roles import Role
from core.services import model_save
from steering import selectors as steering_selectors
from steering import services as steering_services
from teams.models import LEAD_SECTORS, ProfessionalTeam, TeamOutput, TrackItem
from teams.track import TRACK, source_label


@transaction.atomic
def team_create(*, initiative, name, domain, by, local_goal=None, **body_fields) -> ProfessionalTeam:
    """A professional team: a steering body of kind "professional team" (the guide's defaults: 10-15
    members, four consecutive monthly sessions) plus the team record and its four-session checklist."""
    body = steering_services.body_create(initiative=initiative, kind=steering_selectors.BodyKind.PROFESSIONAL_TEAM,
                                         name=name, domain=domain, by=by, **body_fields)
    team = model_save(ProfessionalTeam(municipality_id=initiative.municipality_id, body=body, domain=domain,
                                  local_goal=local_goal), by=by)
    for session in TRACK:
        for output in session.outputs:
            model_save(TrackItem(municipality_id=team.municipality_id, team=team, session=session.number,
                            key=output.key, label=source_label(output.label)), by=by)
    return team


@transaction.atomic
def team_update(*, team: ProfessionalTeam, by, **fields) -> ProfessionalTeam:
    for key, value in fields.items():
        setattr(team, key, value)
    if "domain" in fields and team.body.domain != team.domain:
        team.body.domain = team.domain
        steering_services.body_save(body=team.body, by=by)
    return model_save(team, by=by)


@transaction.atomic
def team_appoint_lead(*, team: ProfessionalTeam, person, by, mandate: str = "") -> ProfessionalTeam:
    """Appoint the team's domain lead. This is an act of the municipal CEO's own account: anybody
    else (the head of authority, the local director, HQ) is refused. The lead is an authority
    official or a member of the initiative's staff. Who and when is recorded on the team, and in
    its history. The lead also becomes the chair of the team's body (replacing any chair)."""
    if access.role_in(by, team.municipality_id) != Role.MUNICIPAL_CEO:
        raise PermissionDenied(_("Only the municipal CEO appoints a domain lead."))
    if person.municipality_id != team.municipality_id:
        raise ValidationError({"domain_lead": _("The domain lead must be a person of this municipality.")})
    if person.sector not in LEAD_SECTORS:
        raise ValidationError({"person": _("The domain lead is an authority official or a member of the "
                                           "initiative's staff; %(name)s is listed in another sector.") % {
            "name": person.full_name}})
    previous = (team.domain_lead_id, team.lead_appointed_at)
    team.domain_lead = person
    team.lead_appointed_by = by
    team.lead_appointed_at = timezone.now()
    if mandate:
        team.mandate = mandate
    model_save(team, by=by, reason=_("Domain lead appointed by the municipal CEO"))
    body = team.body
    if body.chair_id != person.pk:
        body.chair = person
        steering_services.body_save(body=body, by=by)
    if previous[0] != person.pk:
        _notify_lead_appointed(team=team, person=person, previous=previous, by=by)
    return team


LEAD_APPOINTED = "teams.lead_appointed"


def _notify_lead_appointed(*, team, person, previous, by):
    """Tell the appointed person (their account, else the directory's address). The key is this
    appointment (after which lead, from when), so a repeated or concurrent call notifies once, and
    being appointed again later is news again."""
    before = f"{previous[0] or 0}:{previous[1].isoformat() if previous[1] else '-'}"
    notifications.notify(
        kind=LEAD_APPOINTED, key=f"team:{team.pk}:lead:{person.pk}:after:{before}",
        recipient=person.user, email=None if person.user_id else person.email,
        municipality=team.municipality_id,
        subject=_lazy("You were appointed domain lead: %(team)s"),
        body_template="teams/email/lead_appointed.txt",
        context={"team": team.body.name, "person": person, "by": by, "municipality": team.municipality,
                 "mandate": team.mandate},
        url=reverse("teams:detail", args=[team.municipality.slug, team.pk]))


@transaction.atomic
def track_item_update(*, item: TrackItem, done: bool, link_url: str, note: str, by) -> TrackItem:
    item.link_url = (link_url or "").strip()
    item.note = note or ""
    if done and not item.done:
        item.completed_by = by
        item.completed_at = timezone.now()
    elif not done:
        item.completed_by = None
        item.completed_at = None
    item.done = done
    return model_save(item, by=by)


@transaction.atomic
def output_save(*, output: TeamOutput, by) -> TeamOutput:
    return model_save(output, by=by)


def refuse_removing_domain_lead(person) -> None:
    """A delete guard on the people directory: the domain lead a CEO appointed stays in the directory
    until the CEO appoints someone else (else the team would be left without its lead while the
    appointment still names the CEO)."""
    teams = list(ProfessionalTeam.all_municipalities.filter(domain_lead_id=person.pk).select_related("body"))
    if teams:
        raise ValidationError(_("%(name)s is the domain lead of %(teams)s, appointed by the municipal CEO: "
                                "they stay in the directory until the CEO appoints another lead.") % {
            "name": person.full_name, "teams": ", ".join(t.body.name for t in teams)}, code="protected")


APPOINTMENT_FIELDS = ("domain_lead", "lead_appointed_by", "lead_appointed_at")


def team_restore(*, instance: ProfessionalTeam, current, by) -> ProfessionalTeam:
    """Restore a team's earlier version from the change log: its domain, goal and mandate may come
    back; its domain lead never does (the appointment is an act of the municipal CEO)."""
    from core import audit

    audit.refuse_changed_fields(instance=instance, current=current, fields=APPOINTMENT_FIELDS, message=_(
        "The domain lead is appointed by the municipal CEO: a restore cannot change or remove the "
        "appointment. The CEO appoints another lead on the team's page."))
    if current is None:
        return model_save(instance, by=by)
    return team_update(team=current, by=by, domain=instance.domain, local_goal=instance.local_goal,
                       mandate=instance.mandate)


def register_hooks() -> None:
    """Called from the app's `ready`: the people directory's delete guard and the team's restore."""
    from core import audit
    from core.services import register_delete_guard
    from municipalities.models import Person

    register_delete_guard(Person, refuse_removing_domain_lead)
    audit.register_restore(ProfessionalTeam, team_restore)
