"""Predicates of the assistant part. Asking needs the capability and, for a student, the school's consent
(AssistantSettings.students_allowed); a student who also holds another role asks under that role."""

from __future__ import annotations

from xinhuo.core.access import Actor
from xinhuo.core.models import Role

ASK = "library.assistant.ask"
LOG = "library.assistant.log"
MANAGE = "library.assistant.manage"


def only_student(actor: Actor) -> bool:
    return actor.roles <= {Role.STUDENT}


def can_ask(actor: Actor) -> bool:
    if not actor.can(ASK):
        return False
    if only_student(actor):
        from .selectors import assistant_settings

        return assistant_settings(actor.school).students_allowed
    return True


def require_ask(actor: Actor) -> None:
    """Deny by 404, as Actor.require does: to a student of a school that has not switched it on, the assistant
    does not exist."""
    if not can_ask(actor):
        from django.http import Http404

        raise Http404
