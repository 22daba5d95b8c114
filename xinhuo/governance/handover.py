"""The open work a leaving staff member holds in governance (issue 19; registry.Handover): meeting action items
and rectification items they own that are still open. Reassigned, each item's owner becomes the new staff member's
account; the change is in the audit log like any other handover."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.registry import OpenItem
from xinhuo.people.staff.audit import keys_of, log_reassigned, require_holder

from .models import ActionItem, ActionStatus, Rectification, RectificationStatus

ACTION = "governance.actionitem"
RECTIFICATION = "governance.rectification"
OPEN_RECTIFICATION = (RectificationStatus.OPEN, RectificationStatus.SUBMITTED)


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:  # a part without its page yet
        return ""


def items(school_id, staff_id, user_id) -> list[OpenItem]:
    if user_id is None:
        return []
    actions = ActionItem.objects.filter(school_id=school_id, owner_id=user_id, status=ActionStatus.OPEN)
    fixes = Rectification.objects.filter(school_id=school_id, owner_id=user_id, status__in=OPEN_RECTIFICATION)
    return [
        *(OpenItem(f"{ACTION}:{a.pk}", gettext_lazy("Meeting action item"), a.title,
                   _url("governance:meeting-detail", a.meeting_id)) for a in actions.order_by("due_on", "pk")),
        *(OpenItem(f"{RECTIFICATION}:{r.pk}", gettext_lazy("Rectification item"), r.problem,
                   _url("governance:rectification-detail", r.pk)) for r in fixes.order_by("due_on", "pk")),
    ]


@transaction.atomic
def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    moved = 0
    for prefix, model, still_open in ((ACTION, ActionItem, {"status": ActionStatus.OPEN}),
                                      (RECTIFICATION, Rectification, {"status__in": OPEN_RECTIFICATION})):
        ids = keys_of(keys, prefix)
        if not ids:
            continue
        require_holder(school_id, to_user_id, STAFF_ROLES,
                       no_account=_("The new owner of an action or rectification item needs an account: link the "
                                    "staff member to one first."),
                       cannot=_("The new owner of an action or rectification item must be a member of staff of "
                                "this school."))
        rows = list(model.objects.select_for_update().filter(pk__in=ids, school_id=school_id, **still_open))
        if len(rows) != len(set(ids)):
            raise ValidationError(_("An item to hand over is closed, gone or of another school: reload the page."))
        old = {r.pk: getattr(r, "owner_id") for r in rows}  # noqa: B009 - two models, one field
        model.objects.filter(pk__in=[r.pk for r in rows]).update(owner_id=to_user_id)
        log_reassigned(rows, "owner", old, to_user_id, actor_user_id)
        moved += len(rows)
    return moved
