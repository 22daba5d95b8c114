"""API tokens: issued for a password, kept hashed, limited in time, revoked when the account's trust changes.

The key (40 hex digits, 160 random bits) is shown once; the database keeps its SHA-256 (a random key of that
length needs no slow hash). A token ends XINHUO_API_TOKEN_DAYS after it was issued, or after
XINHUO_API_TOKEN_IDLE_DAYS without use; all of a user's tokens are deleted when they change their password, the
administrator resets it or deactivates the account, and when they log out of the site (core/services.py calls
`revoke_all`; logout and any password change, also by Django's changepassword command, through the signals
below). Authentication itself is in core/auth.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from .access import Actor
from .models import ApiToken, User

# last use is written when it is older than this: one conditional UPDATE an hour per token at most, not a write
# per request; the idle timeout is counted in days, so an hour's imprecision does not matter
TOUCH_EVERY = dt.timedelta(hours=1)
MAX_PER_USER = 20  # a script asking for a token in a loop does not fill the table: the oldest go first

# issue and revocation are in the change history (who, when); the hash and the hourly last use are not
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used"])


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.XINHUO_API_TOKEN_DAYS)


def idle_limit() -> dt.timedelta:
    return dt.timedelta(days=settings.XINHUO_API_TOKEN_IDLE_DAYS)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def new_key() -> str:
    return secrets.token_hex(20)


def unsaved(user: User, key: str, *, name: str = "", now: dt.datetime | None = None) -> ApiToken:
    """The row for `key`, not yet saved (bulk_create for the load test's dataset)."""
    now = now or timezone.now()
    return ApiToken(user=user, key_hash=hash_key(key), prefix=key[:6], name=name[:50], created=now, last_used=now,
                    expires=now + lifetime())


@transaction.atomic
def issue(user: User, *, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user` (who has just given their password); returns it with its key, shown once."""
    now = timezone.now()
    mine = ApiToken.objects.filter(user=user)
    mine.filter(_dead(now)).delete()
    keep = list(mine.order_by("-created", "-pk").values_list("pk", flat=True)[: MAX_PER_USER - 1])
    mine.exclude(pk__in=keep).delete()
    key = new_key()
    token = unsaved(user, key, name=name, now=now)
    token.save()
    return token, key


def _dead(now: dt.datetime) -> Q:
    """Past its expiry or idle too long: is_live's opposite, as a query."""
    return Q(expires__lte=now) | Q(last_used__lte=now - idle_limit())


def is_live(token_expires: dt.datetime, token_last_used: dt.datetime, now: dt.datetime) -> bool:
    return now < token_expires and now < token_last_used + idle_limit()


def touch(token_pk: int, last_used: dt.datetime, now: dt.datetime) -> None:
    """Move last use on, if it is over an hour old (conditional: concurrent requests write it once)."""
    if now - last_used >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token_pk, last_used__lt=now - TOUCH_EVERY).update(last_used=now)


def purge_dead(now: dt.datetime | None = None) -> int:
    """Delete every token past its expiry or idle limit (those never presented again would otherwise stay)."""
    now = now or timezone.now()
    deleted, _per_model = ApiToken.objects.filter(_dead(now)).delete()
    return deleted


@task()
def purge_task() -> int:
    """The daily clean-up of dead tokens (core's manifest.daily_jobs)."""
    return purge_dead()


def revoke_all(user: User) -> int:
    """Delete every token of `user`: their password changed or was reset, they were deactivated or logged out."""
    deleted, _per_model = ApiToken.objects.filter(user=user).delete()
    return deleted


@receiver(user_logged_out)
def _revoke_on_logout(sender, request, user, **kwargs):
    # logging out of the site ends the API's sessions too: a shared computer's user leaves nothing that still works
    if user is not None:
        revoke_all(user)


@receiver(post_save, sender=User)
def _revoke_on_password_change(sender, instance: User, created: bool, raw: bool = False, **kwargs):
    # every password change, whichever way it is made (the app's views and services, Django's changepassword
    # command, the shell): set_password() keeps the new raw password in _password until save() has run, and
    # this runs inside that save. A hash upgrade at login (check_password) clears _password first: no revocation.
    if not created and not raw and getattr(instance, "_password", None) is not None:
        revoke_all(instance)


# --- the user's own tokens, and the administrator's view of an account's ---------------------------------------


def own_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work (an expired or idle one is deleted when next presented or issued)."""
    now = timezone.now()
    return (ApiToken.objects.filter(user=user, expires__gt=now, last_used__gt=now - idle_limit())
            .order_by("-created", "-pk"))


def own_token_revoke(*, user: User, token_pk: int | str) -> None:
    """Revoke one of the user's own tokens; 404 for anyone else's (they cannot be probed)."""
    try:
        pk = int(token_pk)
    except (TypeError, ValueError):
        raise Http404 from None
    deleted, _per_model = ApiToken.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise Http404


def account_tokens(actor: Actor, user: User) -> QuerySet[ApiToken]:
    """The tokens of an account the administrator manages (the caller got `user` through selectors.account)."""
    actor.require("accounts.manage")
    return own_tokens(user)


@transaction.atomic
def account_tokens_revoke(*, actor: Actor, user: User, token_pk: int | str | None = None) -> int:
    """The administrator revokes one token of an account (`token_pk`) or all of them."""
    actor.require("accounts.manage")
    if token_pk:
        own_token_revoke(user=user, token_pk=token_pk)
        return 1
    return revoke_all(user)
