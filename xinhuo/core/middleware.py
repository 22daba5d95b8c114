from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .access import build_actor

SCHOOL_SESSION_KEY = "xinhuo_school_id"


class ActorMiddleware:
    """Attach request.actor (lazily: static files and the login page never pay for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(
            lambda: build_actor(request.user, request.session.get(SCHOOL_SESSION_KEY))
        )
        return self.get_response(request)


class LanguageMiddleware:
    """Chinese unless the user chose otherwise: the language switch (cookie) or the account's setting.

    Unlike Django's LocaleMiddleware this ignores Accept-Language on purpose: a school's
    shared or English-configured computer must still show the Chinese UI.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or request.session.get("xinhuo_language")
        if lang not in supported:
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response


class PasswordChangeRequiredMiddleware:
    """A temporary password (new account, reset) must be replaced before anything else is used: the pages redirect
    to the change, the API answers 403 with what to do (an API token checks the same in core/auth.py, and none is
    issued for a temporary password: core/api.py TokenView)."""

    ALLOWED = ("/password/", "/logout/", "/language/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(self.ALLOWED):
            if request.path.startswith("/api/"):
                from .auth import temporary_password_message

                return JsonResponse({"detail": temporary_password_message()}, status=403)
            return redirect(f"{reverse('password-change')}?required=1")
        return self.get_response(request)
