"""Models of stage 6 (design forum, shared agenda, local goals).

Only the LocalGoal record exists so far: the goal the authority formally adopts (אימוץ יעד יישובי),
which professional teams (stage 7), plans, investments and the compass refer to. The forum's own
sessions, items and votes come with stage 6."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reference import MobilityDomain
from core.tenancy import TenantModel


class LocalGoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")


class LocalGoal(TenantModel):
    """A local goal (יעד יישובי): proposed by the steering committee, adopted by the person
    authorized to decide (the municipal CEO); from then on it belongs to the whole authority."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    domain = models.CharField(_("mobility domain"), max_length=30, choices=MobilityDomain.choices)
    status = models.CharField(_("status"), max_length=20, choices=LocalGoalStatus.choices,
                              default=LocalGoalStatus.PROPOSED)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("adopted by"))
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("local goal")
        verbose_name_plural = _("local goals")

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == LocalGoalStatus.ADOPTED and not self.adopted_at:
            raise ValidationError({"adopted_at": _("An adopted goal needs its adoption date.")})
