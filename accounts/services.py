"""Writes of accounts: API tokens are issued and revoked here only (the tokens page, the API and the
admin all call these), with attribution in the token's history."""
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, hash_key
from core.services import model_save, model_update


@transaction.atomic
def token_issue(*, user, name: str, by, can_write: bool = False, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns (token, key). Only the key's hash is stored: the key is
    shown once, to the caller, and cannot be shown again."""
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, can_write=can_write, created_by=by, expires_at=expires_at,
                     prefix=key[:8], key_hash=hash_key(key))
    model_save(token, by=by, reason=_("Token issued"))
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> bool:
    """Revoke a token (it stops working at once; the row stays, for the record). Returns False when
    it was already revoked."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    model_save(token, by=by, reason=_("Token revoked"), update_fields=["revoked_at"])
    return True


def user_set_language(*, user, language: str) -> bool:
    """Remember the language the user chose (what is sent to them uses it). Returns whether it changed."""
    _user, changed = model_update(instance=user, fields=["language"], data={"language": language}, by=user,
                                  reason=_("Language changed"))
    return changed
