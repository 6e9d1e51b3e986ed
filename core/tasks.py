"""Celery helpers: tasks take ids, enter the municipality's tenant scope, and are idempotent."""
from functools import wraps

from core import tenancy


def tenant_task(func):
    """Run a task body inside the scope of `municipality_id` (a required keyword argument)."""

    @wraps(func)
    def wrapper(*args, municipality_id, **kwargs):
        with tenancy.scope(int(municipality_id)):
            return func(*args, municipality_id=municipality_id, **kwargs)

    return wrapper

