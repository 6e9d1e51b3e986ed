"""One JSON error shape for the whole API, with translated messages:

    {"detail": "<message>", "code": "<machine code>", "errors": {"<field>": ["<message>", ...]}}

`errors` is present for validation errors only (`non_field_errors` for the object as a whole)."""
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core.tenancy import TenantScopeError


def _first_code(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, TenantScopeError):  # a programming error: never leak data, never 200
        raise exc
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
        elif isinstance(exc, PermissionDenied):
            code = "permission_denied"
        else:
            code = getattr(exc, "default_code", None) or _first_code(detail) or "error"
        response.data = {"detail": str(detail), "code": str(code)}
    return response


def error_response(message, code="invalid", status_code=400, errors=None):
    data = {"detail": str(message), "code": code}
    if errors is not None:
        data["errors"] = errors
    return Response(data, status=status_code)
