from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import ApiToken, User


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    key = serializers.CharField(read_only=True, help_text="Shown once, in the response that creates it.")

    class Meta:
        model = ApiToken
        fields = ["id", "user", "name", "prefix", "can_write", "created_at", "expires_at", "last_used_at",
                  "revoked_at", "key"]
        read_only_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]

    def validate_expires_at(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError(_("The expiry must be in the future."))
        return value
