"""Writes of the asset map (one write path for pages, API, imports, restores and demo)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import model_save, model_update
from investments.models import Investment

EDITABLE_FIELDS = ["title", "description", "kind", "operator", "sector", "domain", "life_stage", "age_group",
                   "start_year", "end_year", "nature", "novelty", "annual_budget"]


def _default_sector(investment: Investment) -> None:
    if not investment.sector and investment.operator_id:
        investment.sector = investment.operator.sector


@transaction.atomic
def investment_create(*, municipality, by, **fields) -> Investment:
    """Add a programme, service, facility, budget line or staffing post to the map. The sector defaults
    to the operator's."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    investment = Investment(municipality_id=getattr(municipality, "pk", municipality), **fields)
    _default_sector(investment)
    return model_save(investment, by=by)


@transaction.atomic
def investment_update(*, investment: Investment, by, **fields) -> Investment:
    if investment.deleted_at is not None:
        raise ValidationError(_("This record was deleted; restore it before editing."), code="deleted")
    if "sector" in fields and not fields["sector"]:  # empty: the operator's sector
        operator = fields.get("operator", investment.operator)
        if operator is not None:
            fields["sector"] = operator.sector
    investment, _changed = model_update(instance=investment, fields=EDITABLE_FIELDS, data=fields, by=by)
    return investment


@transaction.atomic
def investment_save(*, investment: Investment, by) -> Investment:
    """Save an instance whose fields the caller set (the page's form, the API, a restore)."""
    if investment.pk and not investment._state.adding:
        stored = type(investment)._base_manager.filter(pk=investment.pk).values_list("deleted_at", flat=True).first()
        if stored is not None:
            raise ValidationError(_("This record was deleted; restore it before editing."), code="deleted")
    _default_sector(investment)
    return model_save(investment, by=by)


@transaction.atomic
def investment_delete(*, investment: Investment, by) -> Investment:
    """A user delete is soft: the record leaves the map and stays restorable from its history."""
    if investment.deleted_at is None:
        investment.deleted_at = timezone.now()
        model_save(investment, by=by, reason="deleted", update_fields=["deleted_at"])
    return investment


@transaction.atomic
def investment_restore(*, investment: Investment, by) -> Investment:
    if investment.deleted_at is not None:
        investment.deleted_at = None
        model_save(investment, by=by, reason="restored", update_fields=["deleted_at"])
    return investment
