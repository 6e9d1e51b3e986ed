from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import ratelimit
from accounts.models import User

RATE_LIMITED = _("Too many failed sign-in attempts. Please wait a few minutes and try again.")


class RateLimitMessageMixin:
    """The backend (`accounts.backends`) counts and refuses; a form only says why it refused."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if ratelimit.is_refused(self.request):
                raise forms.ValidationError(RATE_LIMITED, code="rate_limited") from None
            raise


class RateLimitedAuthenticationForm(RateLimitMessageMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or e-mail")


class RateLimitedAdminAuthenticationForm(RateLimitMessageMixin, AdminAuthenticationForm):
    """The admin login: the same backend, so the same per-account limit as the site's login."""


class RateLimitedPasswordChangeForm(PasswordChangeForm):
    """The old password is a password guess too: it counts against the same account's budget."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        address = ratelimit.client_address(self.request)
        if ratelimit.is_locked(account=self.user, address=address):
            raise forms.ValidationError(RATE_LIMITED, code="rate_limited")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            ratelimit.record_failure(account=self.user, address=address)
            raise


class UserChoiceField(forms.ModelChoiceField):
    """Users listed so that two people with the same name cannot be confused: name, username and
    where they work."""

    def label_from_instance(self, user):
        places = ", ".join(sorted(m.municipality.name for m in user.memberships.all() if m.is_active))
        role = user.get_platform_role_display() if user.platform_role else places
        return f"{user.get_full_name() or user.username} ({user.username})" + (f" · {role}" if role else "")


class ApiTokenForm(forms.Form):
    user = UserChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("username").prefetch_related(
            "memberships__municipality"),
        label=_("User or service account"))
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. \"BI dashboard\"."))
    can_write = forms.BooleanField(label=_("May write (otherwise read-only)"), required=False)
    expires_at = forms.DateTimeField(label=_("Expires"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return value


class InvitationAwarePasswordResetForm(PasswordResetForm):
    """Django's reset form skips accounts that never chose a password; an invited person who lost the
    invitation must be able to get a new link the same way as everyone else."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True, is_service_account=False)
