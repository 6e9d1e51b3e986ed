from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, in any letter case (invited users' usernames
    are their lower-cased e-mail address; people type it as they remember it)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        username = username.strip()
        matches = list(User.objects.filter(Q(username__iexact=username) | Q(email__iexact=username))[:2])
        exact = [u for u in matches if u.username.lower() == username.lower()]
        candidates = exact or matches
        if len(candidates) != 1:
            User().set_password(password)  # same time as a real check: do not reveal what exists
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
