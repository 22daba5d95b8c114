"""Overdue tasks are warned once each: to the owner, the heads of its departments and the committee."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from xinhuo.core.models import Notification, ReminderSent
from xinhuo.core.registry import daily_jobs
from xinhuo.plans import reminders
from xinhuo.plans.models import PlanTask, TaskStatus
from xinhuo.plans.tasks import plan_reminders_task

from .helpers import a_plan, dept_head, first_task

TODAY = dt.date(2026, 12, 1)


def setup_plan(world):
    plan = a_plan(world)
    PlanTask.objects.filter(plan=plan).update(deadline=dt.date(2027, 6, 30))
    late = first_task(plan, owner=world.users["head_teacher_a"], deadline=dt.date(2026, 11, 20),
                      status=TaskStatus.IN_PROGRESS, percent=40)
    return plan, late


def test_an_overdue_task_is_warned_once_to_its_people(world):
    head = dept_head(world)
    plan, late = setup_plan(world)
    done = PlanTask.objects.filter(plan=plan).exclude(pk=late.pk).first()
    PlanTask.objects.filter(pk=done.pk).update(deadline=dt.date(2026, 10, 1), status=TaskStatus.DONE, percent=100)
    draft = a_plan(world, adopted=False, key="team")
    PlanTask.objects.filter(plan=draft).update(deadline=dt.date(2026, 10, 1))  # a draft's tasks: not yet tracked
    sent = reminders.send(world.school, TODAY)
    assert [r.key for r in sent] == [f"plans:task:{late.pk}:2026-11-20"]
    notices = Notification.objects.filter(title=f"工作计划任务已逾期：{late.title}")
    assert sorted(n.recipient.username for n in notices) == ["depthead", "director", "leader", "teacher"]
    body = notices.first().body
    assert "完成时限 2026-11-20，已过 11 天 · 进行中 40%" in body and "责任部门：德育处" in body
    assert notices.first().link == f"/plans/tasks/{late.pk}/"
    assert head.pk in {n.recipient_id for n in notices}
    # again the same day, the next day: nothing more
    assert reminders.send(world.school, TODAY) == []
    assert reminders.send(world.school, TODAY + dt.timedelta(days=1)) == []
    assert notices.count() == 4 and ReminderSent.objects.filter(key__startswith="plans:").count() == 1


def test_a_new_deadline_is_warned_again_when_it_passes(world):
    plan, late = setup_plan(world)
    reminders.send(world.school, TODAY)
    PlanTask.objects.filter(pk=late.pk).update(deadline=dt.date(2026, 12, 10))
    assert reminders.send(world.school, TODAY) == []
    assert [r.key for r in reminders.send(world.school, dt.date(2026, 12, 11))] == [
        f"plans:task:{late.pk}:2026-12-10"]


def test_a_task_without_owner_or_department_warns_the_committee(world):
    plan, late = setup_plan(world)
    PlanTask.objects.filter(pk=late.pk).update(owner=None)
    late.departments.clear()
    [r] = reminders.send(world.school, TODAY)
    assert sorted(u.username for u in r.recipients) == ["director", "leader"]


def test_other_schools_are_not_mixed_up(world):
    setup_plan(world)
    assert reminders.send(world.other, TODAY) == []


def test_the_daily_job_and_the_command(world):
    plan, late = setup_plan(world)
    assert "xinhuo.plans.tasks.plan_reminders_task" in daily_jobs()
    out = StringIO()
    call_command("plan_reminders", "--date", "2026-12-01", "--dry-run", stdout=out)
    assert f"[plans:task:{late.pk}:2026-11-20]" in out.getvalue() and not Notification.objects.exists()
    result = plan_reminders_task.enqueue("2026-12-01").return_value
    assert result["demo"] == [f"plans:task:{late.pk}:2026-11-20"] and result["other"] == []
    out = StringIO()
    call_command("plan_reminders", "--date", "2026-12-01", "--school", "demo", stdout=out)
    assert "已发送 0 条提醒" in out.getvalue()


def test_a_dry_run_after_the_worker_sent_lists_nothing_to_send(world):
    # the guide's --dry-run answers "what would be sent now": what the daily job already sent is not listed again
    _plan, late = setup_plan(world)
    plan_reminders_task.enqueue("2026-12-01")
    out = StringIO()
    call_command("plan_reminders", "--date", "2026-12-01", "--school", "demo", "--dry-run", stdout=out)
    assert f"plans:task:{late.pk}" not in out.getvalue()
    assert "逾期任务 0 项" in out.getvalue() and "已发送过" in out.getvalue()
