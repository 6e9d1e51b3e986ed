"""Rows of core's own models for the isolation world: an import job of B (tenant-scoped)."""
from django.core.files.uploadedfile import SimpleUploadedFile

from core import imports, tenancy
from core.roles import Role


def build(*, tenant, marker):
    with tenancy.scope(tenant.municipality):
        imports.job_create(kind="municipalities.authorities", by=tenant.user(Role.LOCAL_DIRECTOR),
                           municipality=tenant.municipality,
                           upload=SimpleUploadedFile(f"{marker}.csv", f"cbs_code,name_he\n1,{marker}\n".encode()))
