"""Login rate limiting: after N failures for one username within the window, further attempts for it
are refused until the window passes. An address gets a much larger allowance (many people share a
town hall's connection, so one person's typos must not lock out colleagues), which still stops one
machine from trying passwords across many accounts. Counts live in the cache (Redis in production,
so all web workers share them)."""
import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    user_key = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{user_key}", f"login-fail:addr:{address or 'unknown'}"]


def is_locked(username: str, address: str) -> bool:
    user_key, address_key = _keys(username, address)
    return ((cache.get(user_key) or 0) >= settings.LOGIN_RATE_LIMIT_ATTEMPTS
            or (cache.get(address_key) or 0) >= settings.LOGIN_RATE_LIMIT_ADDRESS_ATTEMPTS)


def record_failure(username: str, address: str) -> None:
    window = settings.LOGIN_RATE_LIMIT_WINDOW_SECONDS
    for k in _keys(username, address):
        cache.add(k, 0, window)
        try:
            cache.incr(k)
        except ValueError:
            cache.set(k, 1, window)


def reset(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])  # the address count only expires: it guards many accounts
