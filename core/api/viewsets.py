"""Base classes for REST resources.

Lists are scoped by the queryset (the caller's visible municipalities), never by per-object checks;
writes need `write_perm` on the object's municipality; `?municipality=<slug>` filters.

Writes go through the app's services, never through `ModelSerializer.save()`: a viewset DECLARES
them and the base calls them (`ServiceWritesMixin`):

    create_service = creates(services.action_add)            # service(by=..., **data)
    update_service = updates(services.action_update, "item")  # service(item=obj, by=..., **data)
    update_service = saves(services.person_save, "person")    # fields set on obj, service(person=obj, by=...)
    destroy_service = acts_on(services.member_remove, "member")

A method whose service is not declared is not offered (405, and absent from the schema). Every
update is optimistically locked: against the `updated_at` the client sent, else the one read when the
request loaded the object (`core.services`). Service errors become API errors in `core/api/errors.py`.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, viewsets

from core import access, tenancy
from core.api.permissions import IsAuthenticatedWithTokenScope, TenantObjectPermission
from core.services import VERSION_FIELD, expect_version, has_version

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


# --- service adapters: how a viewset's declared service is called ------------------------------
class ServiceCall:
    """A declared service with the way to call it: `call(view, instance, data)` → the instance."""

    def __init__(self, fn, call):
        self.fn, self._call = fn, call

    def __call__(self, view, instance, data):
        result = self._call(view, instance, data)
        return instance if result is None else result


def creates(service, *, drop=("municipality",)):
    """A create service taking the fields as keywords: `service(by=user, **data)` (`municipality`
    is dropped: the service derives it from the parent record)."""
    return ServiceCall(service, lambda view, instance, data: service(
        by=view.request.user, **{k: v for k, v in data.items() if k not in drop}))


def updates(service, arg):
    """An update service taking the changed fields as keywords: `service(<arg>=obj, by=user, **data)`."""
    return ServiceCall(service, lambda view, instance, data: service(**{arg: instance}, by=view.request.user,
                                                                     **data))


def saves(service, arg):
    """A save service taking a prepared instance: the fields are set on the (new or loaded) object,
    then `service(<arg>=obj, by=user)`."""
    def call(view, instance, data):
        if instance is None:
            instance = view.get_serializer_class().Meta.model(**data)
        else:
            for key, value in data.items():
                setattr(instance, key, value)
        result = service(**{arg: instance}, by=view.request.user)
        return instance if result is None else result
    return ServiceCall(service, call)


def acts_on(service, arg, **fixed):
    """A service acting on the object alone (destroy, soft delete): `service(<arg>=obj, by=user, **fixed)`."""
    return ServiceCall(service, lambda view, instance, data: service(**{arg: instance}, by=view.request.user,
                                                                     **fixed))


_METHODS_OF = {"create_service": ("post",), "update_service": ("put", "patch"), "destroy_service": ("delete",)}


class ServiceWritesMixin:
    """Creates, updates and deletes call the services the viewset declares (see the module
    docstring); a method without a declared service is not offered."""

    create_service: ServiceCall | None = None
    update_service: ServiceCall | None = None
    destroy_service: ServiceCall | None = None
    # Service field names → API field names, for errors (e.g. {"reason": "status_reason"}).
    service_error_fields: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get("http_method_names") or getattr(cls, "_declared_http_methods", None) \
            or cls.http_method_names
        cls._declared_http_methods = list(declared)
        methods = list(declared)
        for attr, verbs in _METHODS_OF.items():
            if getattr(cls, attr) is None and not cls._overrides(attr):
                methods = [m for m in methods if m not in verbs]
        cls.http_method_names = methods

    @classmethod
    def _overrides(cls, attr):
        """A viewset may still write its own way for one action (e.g. a create with its own request
        body that calls a service): it then overrides the DRF action itself."""
        action = {"create_service": "create", "update_service": "update", "destroy_service": "destroy"}[attr]
        for klass in cls.__mro__:
            if action in klass.__dict__:
                return klass.__module__.split(".")[0] not in ("rest_framework",)
        return False

    def call_service(self, declared, *, instance, data):
        if declared is None:
            raise exceptions.MethodNotAllowed(self.request.method)
        return declared(self, instance, data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        if isinstance(self, TenantScopedMixin):
            self.check_create_permission(data.get("municipality"))
        serializer.instance = self.call_service(self.create_service, instance=None, data=data)

    def perform_update(self, serializer):
        instance = serializer.instance
        data = dict(serializer.validated_data)
        data.pop(VERSION_FIELD, None)
        if has_version(instance):
            # The version the client read, else the one this request loaded: compared on write.
            expect_version(instance, self.request.data.get(VERSION_FIELD) if hasattr(self.request.data, "get")
                           else None)
        serializer.instance = self.call_service(self.update_service, instance=instance, data=data)

    def perform_destroy(self, instance):
        self.call_service(self.destroy_service, instance=instance, data={})


def tenant_schema(viewset_class):
    """Document the `municipality` filter on the list action."""
    return extend_schema_view(list=extend_schema(parameters=[MUNICIPALITY_FILTER]))(viewset_class)


class TenantModelViewSet(TenantScopedMixin, ServiceWritesMixin, viewsets.ModelViewSet):
    """A tenant resource whose writes call its declared services."""


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
        candidate.full_clean(exclude=exclude)  # DRF turns a Django ValidationError into a 400
        return attrs
