"""Stages 2 and 3 on the initiative home (registered in MouConfig.ready): the agreement's state and
the local director's post, from their records. Read through the selectors."""
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mou import selectors
from mou.models import AgreementStatus
from municipalities import home


def agreement_status(municipality, initiative):
    agreement = selectors.agreement_for(initiative=initiative)
    if agreement is None:
        return home.StageStatus(home.NOT_STARTED)
    if agreement.status == AgreementStatus.SIGNED:
        return home.StageStatus(home.DONE, _("The MOU is signed"))
    return home.StageStatus(home.IN_PROGRESS, agreement.get_status_display())


def director_status(municipality, initiative):
    profile = selectors.director_profile_for(initiative=initiative)
    appointed = initiative is not None and initiative.local_director_id is not None
    if profile is not None and profile.permanent_post_achieved_on and appointed:
        return home.StageStatus(home.DONE, _("A permanent post since %(date)s") % {
            "date": date_format(profile.permanent_post_achieved_on, "j.n.Y")})
    if appointed or profile is not None:
        due = profile.permanent_post_due if profile is not None else None
        summary = _("In post; a permanent post is due by %(date)s") % {"date": date_format(due, "j.n.Y")} \
            if appointed and due else (_("In post") if appointed else _("Recruiting"))
        return home.StageStatus(home.IN_PROGRESS, summary)
    return home.StageStatus(home.NOT_STARTED)
