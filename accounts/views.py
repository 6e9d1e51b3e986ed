from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import (
    ApiTokenForm,
    InvitationAwarePasswordResetForm,
    RateLimitedAuthenticationForm,
    RateLimitedPasswordChangeForm,
)
from accounts.models import ApiToken
from core.access import hq_view


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = RateLimitedAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")
    form_class = RateLimitedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {"title": _("Password changed"), "message_key": "password_changed"}


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = InvitationAwarePasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {"message_key": "reset_sent"}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Also the landing page of an invitation: an invited user sets their first password here."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    token_generator = default_token_generator


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {"message_key": "reset_complete"}


@hq_view("core.hq_admin")
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = services.token_issue(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"],
            can_write=form.cleaned_data["can_write"], expires_at=form.cleaned_data["expires_at"], by=request.user)
        messages.success(request, _("Token created. Copy the key now: it will not be shown again."))
        form = ApiTokenForm()
    tokens = ApiToken.objects.select_related("user", "created_by").order_by("-created_at")
    return render(request, "accounts/token_list.html",
                  {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
@hq_view("core.hq_admin")
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    if services.token_revoke(token=token, by=request.user):
        messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")


def set_language(request):
    """The language switcher (Django's `set_language`, which sets the cookie), also remembered as
    the signed-in user's language: what is sent to them (e-mails, notifications) uses it."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    user = request.user
    if (user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}
            and user.language != language):
        services.user_set_language(user=user, language=language)
    return response
