"""Rows of core's own models for the isolation test: notifications of municipality B's users (each
carries the marker, so the inbox and the header badge of A's users are checked never to show them),
and an import job of B (tenant-scoped)."""
from django.core.files.uploadedfile import SimpleUploadedFile

from core import imports, tenancy
from core.models import Notification
from core.roles import Role


def build(*, tenant, marker):
    for role in (Role.LOCAL_DIRECTOR, Role.VIEWER):
        user = tenant.user(role)
        Notification.objects.create(key=f"world:{marker}:{user.pk}", kind="world.event", recipient=user,
                                    email=user.email, municipality=tenant.municipality, language="he",
                                    subject=f"{marker} notification", body=f"{marker} body",
                                    url=f"/m/{tenant.municipality.slug}/")
    with tenancy.scope(tenant.municipality):
        imports.job_create(kind="municipalities.authorities", by=tenant.user(Role.LOCAL_DIRECTOR),
                           municipality=tenant.municipality,
                           upload=SimpleUploadedFile(f"{marker}.csv", f"cbs_code,name_he\n1,{marker}\n".encode()))
