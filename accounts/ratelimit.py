"""Login rate limiting: after N failures for a username or from an address within the window,
further attempts are refused until the window passes. Counts live in the cache (Redis in
production, so all web workers share them)."""
import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, address: str) -> list[str]:
    user_key = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{user_key}", f"login-fail:addr:{address or 'unknown'}"]


def is_locked(username: str, address: str) -> bool:
    limit = settings.LOGIN_RATE_LIMIT_ATTEMPTS
    return any((cache.get(k) or 0) >= limit for k in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    window = settings.LOGIN_RATE_LIMIT_WINDOW_SECONDS
    for k in _keys(username, address):
        cache.add(k, 0, window)
        try:
            cache.incr(k)
        except ValueError:
            cache.set(k, 1, window)


def reset(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))
