"""Overdue tasks of the adopted plans (PLAN-2): once per task, its owner, the heads of its departments (GOV-4) and
the committee (director and school leaders) are told that it is past its deadline.

Delivered by core.reminders.deliver: what was sent is written down as a key "plans:task:<id>:<deadline>", so a
second run — a restart, a second server, the command typed by hand — sends nothing again, and a task whose
deadline is moved is warned once more when the new one passes.
`python -m xinhuo serve` runs this once a day (plans.tasks.plan_reminders_task); `python -m xinhuo plan_reminders`
runs it by hand or from cron.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core import reminders as core_reminders
from xinhuo.core.access import roles_with
from xinhuo.core.models import Membership, Role, School, User
from xinhuo.core.reminders import Reminder
from xinhuo.core.services import recipients_for_roles

from .models import OPEN_STATUSES, PlanStatus, PlanTask

PREFIX = "plans:"


def overdue_tasks(school: School, today: dt.date) -> list[PlanTask]:
    return list(PlanTask.objects.filter(plan__school=school, plan__status=PlanStatus.ADOPTED,
                                        status__in=OPEN_STATUSES, deadline__lt=today)
                .select_related("plan", "owner").prefetch_related("departments").order_by("deadline", "pk"))


def collect(school: School, today: dt.date) -> list[Reminder]:
    """One reminder per overdue task (nothing is written)."""
    tasks = overdue_tasks(school, today)
    if not tasks:
        return []
    committee = recipients_for_roles(school, roles_with("plans.manage"))
    heads: dict[int, list[User]] = {}
    for m in (Membership.objects.filter(school=school, role=Role.DEPARTMENT_HEAD, department__isnull=False)
              .select_related("user").order_by("pk")):
        assert m.department_id is not None
        heads.setdefault(m.department_id, []).append(m.user)
    out = []
    for t in tasks:
        assert t.deadline is not None
        people = [t.owner] if t.owner is not None else []
        people += [u for d in t.departments.all() for u in heads.get(d.pk, [])]
        people += committee
        recipients = list({u.pk: u for u in people}.values())  # each person once, in this order
        departments = "、".join(d.name for d in t.departments.all()) or "—"
        out.append(Reminder(
            "overdue", f"{PREFIX}task:{t.pk}:{t.deadline.isoformat()}",
            _("A task of the work plan is overdue: %(title)s") % {"title": t.title},
            [_("%(plan)s · %(task)s") % {"plan": t.plan.title, "task": t.title},
             _("Deadline %(date)s, %(days)d days ago · %(status)s %(percent)d%%") % {
                 "date": t.deadline.isoformat(), "days": (today - t.deadline).days,
                 "status": t.get_status_display(), "percent": t.percent},
             _("Owner: %(name)s · departments: %(departments)s") % {
                 "name": t.owner.display_name if t.owner else "—", "departments": departments}],
            reverse("plans:task-detail", args=[t.pk]), recipients))
    return out


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    """Send the school's overdue-task reminders not sent yet; returns those sent now."""
    return core_reminders.send_due(school, today, collect)


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    """Every school's overdue-task reminders; {school code: [keys sent]}."""
    return core_reminders.send_all(send, today, schools)
