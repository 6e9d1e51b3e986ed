from celery import shared_task

from core.tasks import tenant_task


@shared_task(name="municipalities.membership_invitation_send", autoretry_for=(ConnectionError,),
             retry_backoff=True, max_retries=5)
@tenant_task
def membership_invitation_send(*, membership_id: int, municipality_id: int, base_url: str = "",
                               invited_by_id: int | None = None, key: str | None = None) -> str:
    """Notify an invitation (an e-mail with a link to choose a password, through
    `core.notifications`). `key`, chosen by the service, makes a retried task send nothing more.
    Returns the address it went to."""
    from accounts.models import User
    from municipalities.models import Membership
    from municipalities.services import send_invitation

    membership = Membership.objects.select_related("user", "municipality").get(pk=membership_id)
    by = User.objects.filter(pk=invited_by_id).first()
    send_invitation(membership=membership, by=by, base_url=base_url, key=key)
    return membership.user.email
