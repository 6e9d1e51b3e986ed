"""One JSON error shape for the whole API, with translated messages, and the one place where the
errors of services (Django's ValidationError, PermissionDenied, ProtectedError...) become API errors:

    {"detail": "<message>", "code": "<machine code>", "errors": {"<field>": ["<message>", ...]}}

`errors` is present for validation errors only (`non_field_errors` for the object as a whole).
A record still referenced by others (`ProtectedError`, `RestrictedError`, or a service's
ValidationError with code "protected") answers 409 Conflict with a message, never a 500."""
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core.services import VERSION_FIELD, protected_message
from core.tenancy import TenantScopeError

CONFLICT_CODES = {"protected", "conflict"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with the current state of the record.")
    default_code = "conflict"


def _first_code(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None)


def _django_codes(exc: DjangoValidationError) -> set:
    return {getattr(e, "code", None) for e in exc.error_list} if not hasattr(exc, "error_dict") else {
        getattr(e, "code", None) for errors in exc.error_dict.values() for e in errors}


def _renamed(errors, view):
    mapping = getattr(view, "service_error_fields", None) or {}
    if isinstance(errors, dict):
        for old, new in mapping.items():
            if old in errors and new not in errors:
                errors[new] = errors.pop(old)
    return errors


def as_api_exception(exc, view=None):
    """A service's exception → the DRF exception the API answers with (None: not ours to convert)."""
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return Conflict(protected_message(exc), code="protected")
    if isinstance(exc, DjangoValidationError):
        if not hasattr(exc, "error_dict") and _django_codes(exc) == {"stale"}:  # the optimistic lock
            return exceptions.ValidationError({VERSION_FIELD: [exceptions.ErrorDetail(m, code="stale")
                                                               for m in exc.messages]})
        if _django_codes(exc) & CONFLICT_CODES and not hasattr(exc, "error_dict"):
            return Conflict(" ".join(exc.messages), code="protected")
        return exceptions.ValidationError(_renamed(as_serializer_error(exc), view))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return None


def exception_handler(exc, context):
    if isinstance(exc, TenantScopeError):  # a programming error: never leak data, never 200
        raise exc
    exc = as_api_exception(exc, context.get("view")) or exc
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": _("The data sent is not valid."), "code": "invalid", "errors": errors}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        if isinstance(exc, Http404) or response.status_code == status.HTTP_404_NOT_FOUND:
            detail, code = _("Not found."), "not_found"
        elif isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)):
            code = "permission_denied"
        else:
            code = _first_code(detail) or getattr(exc, "default_code", None) or "error"
        response.data = {"detail": str(detail), "code": str(code)}
    return response


def error_response(message, code="invalid", status_code=400, errors=None):
    data = {"detail": str(message), "code": code}
    if errors is not None:
        data["errors"] = errors
    return Response(data, status=status_code)
