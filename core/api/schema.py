"""The OpenAPI schema: every operation documents the error responses it can give, in the one error
shape of `core/api/errors.py`, so that a generated client knows them."""
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer("Error", fields={
    "detail": serializers.CharField(),
    "code": serializers.CharField(),
})
VALIDATION_ERROR = inline_serializer("ValidationError", fields={
    "detail": serializers.CharField(),
    "code": serializers.CharField(),
    "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                    help_text="Messages by field (`non_field_errors` for the record as a whole)."),
})

_READ = {
    "400": (VALIDATION_ERROR, "Invalid query parameters."),
    "401": (ERROR, "Not signed in (no or a wrong token)."),
    "403": (ERROR, "Not allowed (role, or a read-only token)."),
    "404": (ERROR, "Not found (or not visible to the caller)."),
}
_WRITE = {
    **_READ,
    "400": (VALIDATION_ERROR, "The data sent is not valid; nothing was saved."),
    "409": (ERROR, "Conflicts with the record's state (still referenced by other records, or refused by "
                   "its process); nothing was changed."),
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        errors = _READ if method in ("GET", "HEAD", "OPTIONS") else _WRITE
        for status, (serializer, description) in errors.items():
            if status in responses:
                continue
            if status == "404" and not self._is_detail() and method in ("GET", "POST"):
                continue
            responses[status] = self._get_response_for_code(
                OpenApiResponse(response=serializer, description=description), status)
        return responses

    def _is_detail(self):
        return "{" in self.path
