"""Open work held by the world's staff_a (陈老师, account head_teacher_a) in every app, and a colleague in post to
hand it to, for the staff-leaving tests (issue 19)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityKind, ActivityStatus
from xinhuo.care.models import FollowUp, Forum, Mentor, MentoringPair, MentorKind
from xinhuo.clubs.models import Club, ClubStatus
from xinhuo.people.models import Staff
from xinhuo.plans.models import PlanSection, PlanTask, TaskStatus, WorkPlan


@dataclass
class Work:
    colleague: Staff  # 林老师, account head_teacher_b, in post
    task: PlanTask
    done_task: PlanTask
    mentor: Mentor
    pair: MentoringPair
    follow_up: FollowUp
    club: Club
    activity: Activity
    held: Activity


def colleague(w) -> Staff:
    return Staff.objects.create(school=w.school, staff_no="T0002", name="林老师", gender="M",
                                user=w.users["head_teacher_b"])


def build(w) -> Work:
    user = w.users["head_teacher_a"]
    today = timezone.localdate()
    plan = WorkPlan.objects.create(school=w.school, title="2026学年关工委工作计划", year=2026, status="adopted")
    section = PlanSection.objects.create(plan=plan, title="思想教育", order=1)
    task = PlanTask.objects.create(plan=plan, section=section, title="组织红色故事会", owner=user,
                                   status=TaskStatus.IN_PROGRESS)
    done = PlanTask.objects.create(plan=plan, section=section, title="开学典礼", owner=user, status=TaskStatus.DONE)
    mentor = Mentor.objects.create(school=w.school, kind=MentorKind.TEACHER, staff=w.staff_a, name=w.staff_a.name)
    pair = MentoringPair.objects.create(school=w.school, mentor=mentor, student=w.student_x, needs=["academic"],
                                        contact_plan="每周三午休谈心", contact_every_days=7,
                                        started_on=today - dt.timedelta(days=30))
    forum = Forum.objects.create(school=w.school, held_on=today, title="学生代表座谈会")
    follow_up = FollowUp.objects.create(school=w.school, forum=forum, student=w.student_y, text="食堂饭菜偏咸",
                                        owner=user, due_on=today + dt.timedelta(days=7))
    club = Club.objects.create(school=w.school, name="书法社", advisor_user=user, status=ClubStatus.ACTIVE,
                               requested_by=user)
    start = timezone.now() + dt.timedelta(days=10)
    activity = Activity.objects.create(school=w.school, title="清明祭扫", kind=ActivityKind.STUDY_TRIP,
                                       starts_at=start, ends_at=start + dt.timedelta(hours=3), organiser=user,
                                       status=ActivityStatus.APPROVED)
    past = start - dt.timedelta(days=40)
    held = Activity.objects.create(school=w.school, title="升旗仪式", kind=ActivityKind.FLAG_CEREMONY,
                                   starts_at=past, ends_at=past + dt.timedelta(hours=1),
                                   organiser=user, status=ActivityStatus.SUMMARISED)
    return Work(colleague(w), task, done, mentor, pair, follow_up, club, activity, held)
