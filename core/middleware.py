from django.conf import settings
from django.utils import translation

from core import tenancy


class DefaultLanguageMiddleware:
    """Hebrew unless the user chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a staff member with an
    English browser would get English. The product is Hebrew-first: the language is the one chosen
    with the switcher (a cookie), else LANGUAGE_CODE. Under /api/ an explicit Accept-Language is
    honoured (a program asks for the language it wants).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in self.supported:
            # API clients (BI tools, integrations) choose with Accept-Language; pages stay Hebrew.
            if request.path.startswith("/api/") and request.headers.get("Accept-Language"):
                lang = translation.get_language_from_request(request)
            else:
                lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        translation.deactivate()
        return response


class TenantScopeResetMiddleware:
    """Defense in depth: no request starts or ends with a tenant scope left over."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenancy.clear_scope()
        try:
            return self.get_response(request)
        finally:
            tenancy.clear_scope()


class ProtectedRecordMiddleware:
    """Pages: a delete refused because the record is still referenced (`ProtectedError` /
    `RestrictedError` escaping a view) becomes a message on the page the user came from, never a
    500. Services refuse it themselves (`core.services.delete_guarded`); this is the safety net."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.contrib import messages
        from django.db.models import ProtectedError, RestrictedError
        from django.shortcuts import redirect
        from django.utils.http import url_has_allowed_host_and_scheme

        from core.services import protected_message

        if not isinstance(exception, (ProtectedError, RestrictedError)) or request.path.startswith("/api/"):
            return None
        messages.error(request, protected_message(exception))
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = "/"
        return redirect(back)
