"""Login rate limiting, one mechanism for every form that takes a password (the site's login, the
admin login, the password-change form): failures are counted PER ACCOUNT, whatever was typed to
name it (username or e-mail address, in any letter case), so a locked username cannot be retried
through its e-mail address. A name that matches no account is counted by the name typed. After
`LOGIN_RATE_LIMIT_ATTEMPTS` failures within the window, the account is refused (even with the right
password) until the window passes. An address gets a much larger allowance (many people share a town
hall's connection, so one person's typos must not lock out colleagues), which still stops one
machine from trying passwords across many accounts. Counts live in the cache (Redis in production,
so all web workers share them).

The check and the counting happen in the authentication backend (`accounts.backends`), which every
`authenticate()` call passes through; forms only turn a refusal into their message (`is_refused`)."""
import hashlib

from django.conf import settings
from django.core.cache import cache

REFUSED_ATTRIBUTE = "login_rate_limited"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _account_key(account=None, typed: str = "") -> str:
    if account is not None and account.pk:
        return f"login-fail:account:{account.pk}"
    digest = hashlib.sha256((typed or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:name:{digest}"


def _address_key(address: str) -> str:
    return f"login-fail:addr:{address or 'unknown'}"


def is_locked(*, account=None, typed: str = "", address: str = "") -> bool:
    return ((cache.get(_account_key(account, typed)) or 0) >= settings.LOGIN_RATE_LIMIT_ATTEMPTS
            or (cache.get(_address_key(address)) or 0) >= settings.LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS)


def record_failure(*, account=None, typed: str = "", address: str = "") -> None:
    window = settings.LOGIN_RATE_LIMIT_WINDOW_SECONDS
    for key in (_account_key(account, typed), _address_key(address)):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def reset(*, account) -> None:
    cache.delete(_account_key(account))  # the address count only expires: it guards many accounts


def refuse(request) -> None:
    """Mark the request as refused by the limit, for the form's message."""
    if request is not None:
        setattr(request, REFUSED_ATTRIBUTE, True)


def is_refused(request) -> bool:
    return bool(getattr(request, REFUSED_ATTRIBUTE, False))
