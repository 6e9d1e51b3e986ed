"""The guide's table of bodies (ROADMAP.md, stage 4) as data: one row of defaults per body kind.

A new body copies its kind's row into its own fields (size range, cadence, duration, chair, target
composition), and the user may change every one of them for that body. Nothing here is read again
once the body exists, so changing the table changes only bodies created afterwards."""
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reference import Sector


class BodyKind(models.TextChoices):
    LEADING_TEAM = "leading_team", _("Leading team")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee (minhelet)")
    DOMAIN_COMMITTEE = "domain_committee", _("Domain steering committee")
    DESIGN_FORUM = "design_forum", _("Design forum")
    PROFESSIONAL_TEAM = "professional_team", _("Professional team")
    MAYOR_ROUTINE = "mayor_routine", _("Routine with the mayor")


@dataclass(frozen=True)
class BodyDefaults:
    min_size: int | None
    max_size: int | None
    chair: str                     # who chairs, as the guide says (editable text on the body)
    meetings_per_year: int         # required meetings in any 12 months (compliance)
    interval_months: int           # months between planned meetings
    skip_months: tuple = ()        # calendar months with no meeting (1-12)
    duration_minutes: int = 120
    composition: dict = field(default_factory=dict)  # sector -> target percent


BODY_DEFAULTS: dict[str, BodyDefaults] = {
    BodyKind.LEADING_TEAM: BodyDefaults(
        min_size=5, max_size=6, chair=_("Municipal CEO"), meetings_per_year=6, interval_months=2,
        duration_minutes=90,
        composition={Sector.AUTHORITY: 70, Sector.INITIATIVE_STAFF: 15, Sector.PHILANTHROPY: 15}),
    BodyKind.STEERING_COMMITTEE: BodyDefaults(
        min_size=30, max_size=40, chair=_("Head of authority"), meetings_per_year=11, interval_months=1,
        skip_months=(8,), duration_minutes=150,
        composition={Sector.AUTHORITY: 30, Sector.RESIDENTS: 30, Sector.THIRD_SECTOR: 20,
                     Sector.GOVERNMENT: 10, Sector.BUSINESS: 10}),
    BodyKind.DOMAIN_COMMITTEE: BodyDefaults(
        min_size=10, max_size=15, chair=_("Municipal CEO"), meetings_per_year=6, interval_months=2,
        duration_minutes=120,
        composition={Sector.AUTHORITY: 40, Sector.GOVERNMENT: 20, Sector.THIRD_SECTOR: 10,
                     Sector.PHILANTHROPY: 10, Sector.BUSINESS: 10, Sector.RESIDENTS: 10}),
    BodyKind.DESIGN_FORUM: BodyDefaults(
        min_size=50, max_size=60, chair=_("Local director"), meetings_per_year=4, interval_months=2,
        duration_minutes=180,
        composition={Sector.AUTHORITY: 30, Sector.RESIDENTS: 30, Sector.THIRD_SECTOR: 20,
                     Sector.GOVERNMENT: 10, Sector.BUSINESS: 10}),
    BodyKind.PROFESSIONAL_TEAM: BodyDefaults(
        min_size=10, max_size=15, chair=_("Domain lead"), meetings_per_year=4, interval_months=1,
        duration_minutes=120,
        composition={Sector.AUTHORITY: 40, Sector.THIRD_SECTOR: 20, Sector.RESIDENTS: 20,
                     Sector.GOVERNMENT: 10, Sector.ACADEMIA: 10}),
    BodyKind.MAYOR_ROUTINE: BodyDefaults(
        min_size=None, max_size=None, chair=_("Head of authority"), meetings_per_year=12, interval_months=1,
        duration_minutes=60, composition={}),
}


def defaults_for(kind) -> BodyDefaults:
    return BODY_DEFAULTS[BodyKind(kind)]
