"""Who did it: the acting user in the change history (django-auditlog) of every service's writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast

from auditlog.context import auditlog_value, set_actor

Service = TypeVar("Service", bound=Callable[..., Any])


@contextmanager
def acting(user) -> Iterator[None]:
    """Name `user` as the actor of the audit entries written inside the block (None: leave it as it is).

    In a request the audit middleware has named the request's user and address already, before the API's token
    authentication: the block keeps the address, and the request's context is put back after it. set_actor alone
    would leave its own context behind, so that the middleware's receiver is never disconnected and the request's
    later entries lose their actor."""
    if user is None:
        yield
        return
    outer = auditlog_value.get(None)
    try:
        with set_actor(user, remote_addr=outer.get("remote_addr") if outer else None,
                       remote_port=outer.get("remote_port") if outer else None):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


def audited(fn: Service) -> Service:
    """A service whose writes name its actor (`actor=`, an Actor or None for the system; or `user=` for a user's
    own account) in the change history, also from the command line, a task and the token-authenticated API."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor")
        user = actor.user if actor is not None else kwargs.get("user")
        with acting(user):
            return fn(*args, **kwargs)

    return cast(Service, wrapper)
