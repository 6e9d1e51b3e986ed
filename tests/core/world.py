"""Notifications of municipality B's users for the isolation test: each carries the marker, so the
inbox and the header badge of A's users are checked never to show them."""
from core.models import Notification
from core.roles import Role


def build(*, tenant, marker):
    for role in (Role.LOCAL_DIRECTOR, Role.VIEWER):
        user = tenant.user(role)
        Notification.objects.create(key=f"world:{marker}:{user.pk}", kind="world.event", recipient=user,
                                    email=user.email, municipality=tenant.municipality, language="he",
                                    subject=f"{marker} notification", body=f"{marker} body",
                                    url=f"/m/{tenant.municipality.slug}/")
