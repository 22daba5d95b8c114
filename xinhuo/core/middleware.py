from __future__ import annotations

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


class UserLanguageMiddleware:
    """Apply the language a logged-in user chose, before LocaleMiddleware reads the cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.session.get("xinhuo_language")
        if lang and not request.COOKIES.get("django_language"):
            request.COOKIES["django_language"] = lang
            translation.activate(lang)
        return self.get_response(request)
