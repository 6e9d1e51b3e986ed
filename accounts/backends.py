from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts import ratelimit
from accounts.models import User


def resolve_account(typed: str):
    """The one account a sign-in name designates: its username, else its e-mail address, in any
    letter case (invited users' usernames are their lower-cased e-mail address; people type it as
    they remember it). None when no single account matches."""
    typed = (typed or "").strip()
    if not typed:
        return None
    matches = list(User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))[:2])
    exact = [u for u in matches if u.username.lower() == typed.lower()]
    candidates = exact or matches
    return candidates[0] if len(candidates) == 1 else None


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, rate-limited per account (`accounts.ratelimit`).
    Every password form goes through here (site login, admin login), so the limit is the same on
    all of them. A locked account raises `PermissionDenied`, which stops `authenticate()` trying
    other backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        address = ratelimit.client_address(request)
        user = resolve_account(username)
        if ratelimit.is_locked(account=user, typed=username, address=address):
            ratelimit.refuse(request)
            raise PermissionDenied
        if user is None:
            User().set_password(password)  # same time as a real check: do not reveal what exists
        elif user.check_password(password) and self.user_can_authenticate(user):
            ratelimit.reset(account=user)
            return user
        ratelimit.record_failure(account=user, typed=username, address=address)
        return None
