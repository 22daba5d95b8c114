"""The open work a leaving staff member holds in the work plans (issue 19; registry.Handover): the tasks they own
that are not done (not started or in progress), in any plan of the school. Reassigned, each task's owner becomes
the new staff member's account."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import STAFF_ROLES
from xinhuo.core.registry import OpenItem
from xinhuo.people.staff.audit import keys_of, log_reassigned, require_holder

from .models import OPEN_STATUSES, PlanTask

PREFIX = "plans.plantask"
KIND = gettext_lazy("Plan task")


def _open_tasks(school_id: int, user_id: int):
    return PlanTask.objects.filter(plan__school_id=school_id, owner_id=user_id, status__in=OPEN_STATUSES)


def items(school_id, staff_id, user_id) -> list[OpenItem]:
    if user_id is None:
        return []
    rows = _open_tasks(school_id, user_id).select_related("plan").order_by("deadline", "pk")
    return [OpenItem(f"{PREFIX}:{t.pk}", KIND, f"{t.plan.title} · {t.title}",
                     reverse("plans:task-detail", args=[t.pk])) for t in rows]


@transaction.atomic
def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    ids = keys_of(keys, PREFIX)
    if not ids:
        return 0
    require_holder(school_id, to_user_id, STAFF_ROLES,
                   no_account=_("The new owner of a plan task needs an account: link the staff member to one "
                                    "first."),
                   cannot=_("The new owner of a plan task must be a member of staff of this school."))
    tasks = list(PlanTask.objects.select_for_update().filter(pk__in=ids, plan__school_id=school_id,
                                                              status__in=OPEN_STATUSES))
    if len(tasks) != len(set(ids)):
        raise ValidationError(_("A plan task to hand over is done, gone or of another school: reload the page."))
    old = {t.pk: t.owner_id for t in tasks}
    PlanTask.objects.filter(pk__in=[t.pk for t in tasks]).update(owner_id=to_user_id)
    log_reassigned(tasks, "owner", old, to_user_id, actor_user_id)
    return len(tasks)
