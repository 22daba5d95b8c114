"""DESIGN.md's workflow pattern, one engine for every app with a workflow (activities, clubs, selections; expense
claims, rectification items, alerts and mailbox messages when they come).

An app declares a `Workflow`: its table of named steps (`Transition`: allowed from some statuses, to one status,
for those an object rule lets through), its step model (a concrete `WorkflowStep`), the signal that announces each
step and its refusals in its own words. `apply_transition` is the only place a status changes: it locks the row,
checks the rule and the current status, takes the comment, lets the app check and do what the step needs, saves,
keeps the step and fires the signal. docs/architecture.md ("Workflows") shows how a new app plugs in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .audit import acting
from .validators import clean_text

if TYPE_CHECKING:
    from .access import Actor

Label = str | Promise
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    rule: str = ""  # the object rule (the app's rules.py) the actor must pass; empty: the workflow's rule
    comment_required: bool = False
    why: Label = ""  # asked for when the comment is missing; empty: the workflow's


class WorkflowStep(models.Model):
    """One step of a workflow: who, when, from which status to which, and why. A concrete step adds its foreign
    key to the object (the workflow's `subject`) and redeclares the two statuses with its own choices and length,
    so that the history shows their labels."""

    from_status = models.CharField(_("from status"), max_length=20, blank=True)  # "" for the first step
    to_status = models.CharField(_("to status"), max_length=20)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    # the person stays in the history after their account goes
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


@dataclass(frozen=True)
class Workflow:
    transitions: Mapping[str, Transition]
    step_model: type[WorkflowStep]
    subject: str  # the step's foreign key to the object, and the signal's keyword for the object
    signal: Signal  # sent with sender=the object's class, <subject>=the object, step=..., actor=...
    can: Callable[[Any, str, Any], bool]  # the app's rules.can(actor, rule, obj)
    refused: Label  # the current status does not allow the step; formatted with %(<status_field>)s, its label
    why: Label  # a comment is required and missing
    rule: str = ""  # the object rule of steps that name none
    status_field: str = "status"
    comment_max: int = 2000


def record_step(workflow: Workflow, *, actor: Actor, obj: models.Model, from_status: str,
                comment: str = "") -> WorkflowStep:
    """Keep a step of `obj`, which carries its new status already, and fire the workflow's signal. Services call it
    themselves only for the first step, when the object is created."""
    step = workflow.step_model(**{workflow.subject: obj}, from_status=from_status,
                               to_status=getattr(obj, workflow.status_field), comment=comment, by=actor.user)
    step.save()
    workflow.signal.send(sender=type(obj), **{workflow.subject: obj}, step=step, actor=actor)
    return step


@transaction.atomic
def apply_transition(workflow: Workflow, *, actor: Actor, obj: M, action: str, comment: str = "",
                     check: Callable[[M, dict[str, Any]], None] | None = None,
                     apply: Callable[[M], None] | None = None) -> M:
    """Take the step `action` on `obj` and return the object as saved (a fresh, locked copy).

    An object of another school, or a step the actor's rule refuses, is a 404: it does not exist for them. A step
    the current status does not allow, or a missing comment, is refused with the app's message. `check(current,
    errors)` adds the step's own refusals by field (or raises); `apply(current)` writes what the step changes
    besides the status, before the object is saved. Nothing is written when anything is refused."""
    transition = workflow.transitions.get(action)
    if transition is None:
        raise ValidationError(gettext("Unknown step."))
    if getattr(obj, "school_id") != actor.school.pk:  # noqa: B009 - every workflow object belongs to a school
        raise Http404
    # the row lock: two people taking a step at the same moment cannot both pass the status check
    current = type(obj)._default_manager.select_for_update(of=("self",)).filter(pk=obj.pk).first()
    if current is None or not workflow.can(actor, transition.rule or workflow.rule, current):
        raise Http404
    before = getattr(current, workflow.status_field)
    if before not in transition.sources:
        label = getattr(current, f"get_{workflow.status_field}_display")()
        raise ValidationError(str(workflow.refused) % {workflow.status_field: label})
    errors: dict[str, Any] = {}
    comment = clean_text(comment, workflow.comment_max, "comment", errors)
    if transition.comment_required and not comment and "comment" not in errors:
        errors["comment"] = str(transition.why or workflow.why)
    if check is not None:
        check(current, errors)
    if errors:
        raise ValidationError(errors)
    setattr(current, workflow.status_field, transition.target)
    if apply is not None:
        apply(current)
    with acting(actor.user):
        current.save()
    record_step(workflow, actor=actor, obj=current, from_status=before, comment=comment)
    return current
