from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from accounts import services
from accounts.api.serializers import ApiTokenSerializer
from accounts.models import ApiToken
from core import access
from core.api.permissions import IsAuthenticatedWithTokenScope


class IsHqAdmin(permissions.BasePermission):
    def has_permission(self, request, view):
        return access.is_hq_admin_user(request.user)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """API tokens (HQ admins only). Creating returns the key once; deleting revokes."""

    hq_only = True

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticatedWithTokenScope, IsHqAdmin]
    queryset = ApiToken.objects.select_related("user").order_by("-created_at")

    def get_queryset(self):
        if not access.is_hq_admin_user(self.request.user):
            return ApiToken.objects.none()
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.token_issue(by=request.user, **serializer.validated_data)
        data = self.get_serializer(token).data
        data["key"] = key
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.token_revoke(token=instance, by=self.request.user)
