"""Stage 7: professional teams (צוותים מקצועיים).

A professional team is a steering Body of kind "professional team" (members, meetings, decisions and
action items live there) plus what is particular to a team: its mobility domain, the local goal it
serves, the domain lead appointed by the municipal CEO, the four-session track's checklist and the
team's outputs."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reference import MobilityDomain, Sector
from core.tenancy import TenantModel
from steering.selectors import BodyKind

# who may be appointed a domain lead: people of the authority sector (officials) or the initiative's staff
LEAD_SECTORS = (Sector.AUTHORITY, Sector.INITIATIVE_STAFF)


class ProfessionalTeam(TenantModel):
    body = models.OneToOneField("steering.Body", on_delete=models.PROTECT, related_name="team",
                                verbose_name=_("body"))
    domain = models.CharField(_("mobility domain"), max_length=30, choices=MobilityDomain.choices)
    local_goal = models.ForeignKey("design_forum.LocalGoal", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="teams", verbose_name=_("local goal"))
    domain_lead = models.ForeignKey("municipalities.Person", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("domain lead"))
    lead_appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("appointed by"))
    lead_appointed_at = models.DateTimeField(_("appointed at"), null=True, blank=True)
    mandate = models.TextField(_("mandate"), blank=True,
                               help_text=_("The lead's mandate, authority and responsibility."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["body__name"]
        verbose_name = _("professional team")
        verbose_name_plural = _("professional teams")
        constraints = [
            # one team per local goal (ROADMAP.md, stage 7)
            models.UniqueConstraint(fields=["municipality", "local_goal"], condition=models.Q(local_goal__isnull=False),
                                    name="teams_one_team_per_local_goal",
                                    violation_error_message=_("This local goal already has a professional team.")),
        ]

    def __str__(self):
        return self.body.name if self.body_id else str(self.get_domain_display())

    @property
    def name(self):
        return self.body.name

    def clean(self):
        errors = {}
        if self.body_id and self.body.kind != BodyKind.PROFESSIONAL_TEAM:
            errors["body"] = _("A team's body must be of the kind professional team.")
        if self.domain_lead_id and not (self.lead_appointed_by_id and self.lead_appointed_at):
            errors["domain_lead"] = _("A domain lead is appointed by the municipal CEO.")
        if errors:
            raise ValidationError(errors)


class TrackItem(TenantModel):
    """One expected output of one of the four sessions, as a checklist item."""

    team = models.ForeignKey(ProfessionalTeam, on_delete=models.CASCADE, related_name="track_items",
                             verbose_name=_("team"))
    session = models.PositiveSmallIntegerField(_("session"), choices=[(i, str(i)) for i in range(1, 5)])
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("expected output"), max_length=200)
    done = models.BooleanField(_("done"), default=False)
    link_url = models.CharField(_("link to the document or record"), max_length=500, blank=True,
                                help_text=_("An address on this platform (/m/...) or a full https:// link."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("completed by"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("track item")
        verbose_name_plural = _("track items")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "team", "key"], name="teams_track_item_once"),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        """The guide's expected output in the reader's language (looked up by its key); a custom
        item shows its stored label."""
        from teams.track import OUTPUT_LABELS

        label = OUTPUT_LABELS.get(self.key)
        return str(label) if label is not None else self.label

    def clean(self):
        link = (self.link_url or "").strip()
        if link and not (link.startswith("/") and not link.startswith("//")) \
                and not link.startswith(("https://", "http://")):
            raise ValidationError({"link_url": _("Enter an address that starts with / or https://.")})


class OutputKind(models.TextChoices):
    STATUS_PICTURE = "status_picture", _("Status picture")
    POLICY_DOCUMENT = "policy_document", _("Policy document")
    PROBLEM = "problem", _("Problem defined from data")
    GOAL_PHRASING = "goal_phrasing", _("Local goal phrased by the social infrastructures")
    COLLECTIVE_ACTION = "collective_action", _("Recommended collective action")
    RESPONSIBILITY = "responsibility", _("Partners' responsibilities and tasks")
    BUDGET_PLAN = "budget_plan", _("Budget plan")
    EVALUATION_PLAN = "evaluation_plan", _("Evaluation plan")


class TeamOutput(TenantModel):
    team = models.ForeignKey(ProfessionalTeam, on_delete=models.CASCADE, related_name="outputs",
                             verbose_name=_("team"))
    kind = models.CharField(_("kind"), max_length=30, choices=OutputKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    link_url = models.CharField(_("link"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("team output")
        verbose_name_plural = _("team outputs")

    def __str__(self):
        return self.title

    def clean(self):
        link = (self.link_url or "").strip()
        if link and not (link.startswith("/") and not link.startswith("//")) \
                and not link.startswith(("https://", "http://")):
            raise ValidationError({"link_url": _("Enter an address that starts with / or https://.")})
