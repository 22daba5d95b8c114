"""Writes for people. Revealing a sensitive field is logged like a write."""

from __future__ import annotations

from django.http import Http404

from xinhuo.core.access import Actor
from xinhuo.core.services import access_log_record

from .rules import can_reveal


def sensitive_reveal(*, actor: Actor, obj, field: str, request=None) -> str:
    """Return the full value of a masked field and log who saw it; 404 when not allowed."""
    if not can_reveal(actor, obj, field):
        raise Http404
    access_log_record(
        actor, "reveal", obj._meta.model_name, obj.pk, field=field, request=request,
        detail={"name": str(obj)},
    )
    return getattr(obj, field) or ""
