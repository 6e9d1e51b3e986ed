"""Base classes for tenant-owned REST resources.

Lists are scoped by the queryset (the caller's visible municipalities), never by per-object checks;
writes need `write_perm` on the object's municipality; `?municipality=<slug>` filters.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, viewsets

from core import access, tenancy
from core.api.permissions import IsAuthenticatedWithTokenScope, TenantObjectPermission

MUNICIPALITY_FILTER = OpenApiParameter(
    "municipality", OpenApiTypes.STR, OpenApiParameter.QUERY,
    description=str(_("Slug of a municipality to filter by.")))


class TenantScopedMixin:
    """Runs the whole request inside the caller's visible-municipalities scope."""

    permission_classes = [IsAuthenticatedWithTokenScope, TenantObjectPermission]
    write_perm = "municipalities.manage"
    municipality_lookup = "municipality"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._scope_token = tenancy.set_scope(access.visible_scope(request.user))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(self, "_scope_token", None)
        if token is not None:
            try:
                # Render while the scope is active: the browsable API builds forms whose choices are
                # tenant querysets, and Django would otherwise render after the view has returned.
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
            finally:
                tenancy.reset_scope(token)
                self._scope_token = None
        return response

    def get_write_perm(self, request, obj=None):
        return self.write_perm

    def municipality_of(self, obj):
        for part in self.municipality_lookup.split("__"):
            obj = getattr(obj, part)
        return obj

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        slug = self.request.query_params.get("municipality")
        if slug:
            queryset = queryset.filter(**{f"{self.municipality_lookup}__slug": slug})
        return queryset

    def check_create_permission(self, municipality):
        if municipality is None or not self.request.user.has_perm(self.get_write_perm(self.request),
                                                                  municipality):
            raise exceptions.PermissionDenied(_("You may not add records to this municipality."))

    def perform_create(self, serializer):
        self.check_create_permission(serializer.validated_data.get("municipality"))
        serializer.save()


def tenant_schema(viewset_class):
    """Document the `municipality` filter on the list action."""
    return extend_schema_view(list=extend_schema(parameters=[MUNICIPALITY_FILTER]))(viewset_class)


class TenantModelViewSet(TenantScopedMixin, viewsets.ModelViewSet):
    pass


class TenantReadOnlyViewSet(TenantScopedMixin, viewsets.ReadOnlyModelViewSet):
    pass


@extend_schema_field(OpenApiTypes.STR)
class VisibleMunicipalityField(serializers.SlugRelatedField):
    """`municipality` as a slug, limited to the municipalities the caller can see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def get_queryset(self):
        from municipalities.models import Municipality

        request = self.context.get("request")
        qs = Municipality.objects.all()
        if request is None:
            return qs.none()
        if access.is_hq(request.user):
            return qs
        return qs.filter(pk__in=access.member_municipality_ids(request.user))


class TenantModelSerializer(serializers.ModelSerializer):
    """Base serializer: `municipality` by slug; model validation (`clean()`) runs on save so the
    API enforces the same invariants as the forms."""

    municipality = VisibleMunicipalityField()

    def validate(self, attrs):
        from django.core.exceptions import ValidationError as DjangoValidationError

        attrs = super().validate(attrs)
        model = self.Meta.model
        if self.instance is not None and "municipality" in attrs \
                and attrs["municipality"].pk != self.instance.municipality_id:
            raise serializers.ValidationError(
                {"municipality": _("A record cannot move to another municipality.")})
        concrete = {f.name for f in model._meta.concrete_fields}
        plain = {k: v for k, v in attrs.items() if k in concrete}
        if self.instance is None:
            candidate = model(**plain)
            exclude = [name for name in concrete if name not in plain]  # set later by the view
        else:
            candidate = model(**{f.attname: getattr(self.instance, f.attname)
                                 for f in model._meta.concrete_fields})
            candidate._state.adding = False  # an existing row: unique checks exclude itself
            candidate._state.db = self.instance._state.db
            for key, value in plain.items():
                setattr(candidate, key, value)
            exclude = None
        try:
            candidate.full_clean(exclude=exclude)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc))
        self._check_not_stale()
        return attrs

    def _check_not_stale(self):
        """Optimistic locking: a client that sends the `updated_at` it read is refused if the record
        changed since (nothing is overwritten)."""
        sent = getattr(self, "initial_data", {}).get("updated_at") if self.instance is not None else None
        current = getattr(self.instance, "updated_at", None)
        if not sent or current is None:
            return
        try:
            parsed = serializers.DateTimeField().to_internal_value(sent)
        except serializers.ValidationError:
            raise serializers.ValidationError({"updated_at": _("Not a valid date and time.")})
        if parsed != current:
            raise serializers.ValidationError(
                {"updated_at": _("Someone else saved this record after you read it; nothing was saved.")})
