"""Roles. Per municipality through `municipalities.Membership`; platform-wide on the user."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LOCAL_DIRECTOR = "local_director", _("Local director")
    HEAD_OF_AUTHORITY = "head_of_authority", _("Head of authority")
    MUNICIPAL_CEO = "municipal_ceo", _("Municipal CEO")
    DOMAIN_LEAD = "domain_lead", _("Domain lead")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    VIEWER = "viewer", _("Viewer")


APPROVER_ROLES = frozenset({Role.MUNICIPAL_CEO, Role.HEAD_OF_AUTHORITY})


class PlatformRole(models.TextChoices):
    NONE = "", _("None (municipal user)")
    HQ_STAFF = "hq_staff", _("Foundation HQ staff")
    HQ_ADMIN = "hq_admin", _("Foundation HQ admin")
