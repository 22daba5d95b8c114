"""Login by username or mobile number, with django-axes counting failures per identity; the API's token."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from . import tokens
from .crypto import normalise_phone, phone_index
from .db import Prepared
from .models import ApiToken, User


def looks_like_mobile(identifier: str) -> bool:
    digits = normalise_phone(identifier)
    return len(digits) == 11 and digits.startswith("1") and digits.isdigit()


def resolve_username(identifier: str) -> str:
    """The username a mobile number belongs to, so one account has one failure counter."""
    identifier = (identifier or "").strip()
    if looks_like_mobile(identifier):
        found = User.objects.filter(phone_index=phone_index(identifier)).values_list("username", flat=True)[:2]
        if len(found) == 1:
            return found[0]
    return identifier


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        username = resolve_username(username)
        return super().authenticate(request, username=username, password=password, **kwargs)


def axes_username(request, credentials) -> str:
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return resolve_username(raw)


def lockout_response(request, credentials, *args, **kwargs):
    from axes.helpers import get_cool_off  # local: axes is configured when this runs

    minutes = int(get_cool_off(request).total_seconds() // 60) if get_cool_off(request) else 15
    message = _("Too many failed attempts. This account is locked for %(minutes)d minutes from this address.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=429)
    return render(request, "core/locked.html", {"message": message}, status=429)


def temporary_password_message() -> str:
    return _("You are using a temporary password: change it on the website first (log in there and choose your own "
             "password), then use the API.")


def _token_user_query(key_hash):
    # one query: the user's row, with the token's own columns joined in (read as annotations by the raw queryset)
    return User.objects.filter(api_tokens__key_hash=key_hash).annotate(
        token_pk=F("api_tokens__pk"), token_expires=F("api_tokens__expires"),
        token_last_used=F("api_tokens__last_used"))


_token_user = Prepared(_token_user_query)


def _as_datetime(value) -> dt.datetime:
    """An annotation's raw value: a datetime on PostgreSQL, text on SQLite (stored in UTC, as Django writes it)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value  # type: ignore[return-value]


class TokenAuthentication(authentication.TokenAuthentication):
    """The API's token (core/tokens.py), read with its user by one prepared query: the API's hottest read (every
    request of the mini-program), ~0.4 ms of the ORM's compiling saved each time. A token past its expiry or idle
    for too long is deleted and refused; last use is written at most hourly; a temporary password opens nothing."""

    def authenticate_credentials(self, key):
        users = _token_user(tokens.hash_key(key))
        if not users:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user = users[0]
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        expires, last_used = _as_datetime(user.token_expires), _as_datetime(user.token_last_used)
        if not tokens.is_live(expires, last_used, now):
            ApiToken.objects.filter(pk=user.token_pk).delete()
            raise exceptions.AuthenticationFailed(_("This token has expired: ask for a new one."))
        if user.must_change_password:
            raise exceptions.PermissionDenied(temporary_password_message())
        tokens.touch(user.token_pk, last_used, now)
        return user, ApiToken(pk=user.token_pk, user=user, expires=expires, last_used=last_used)
