"""Access-matrix cases: the visits part of the care app (home visits, the plan, follow-up items, forums), pages and
API. Home visits: the committee (director, leader, counsellor) the whole school, a head teacher their classes
(student_x is in class A); the other school's director opens the pages without an object, for their own school.
Follow-up items: any staff member (an item's owner may be anyone on the staff); closing needs rules.close_follow_up.
Forums: seen by the care staff, managed by the director and the leaders."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import STAFF, Case, k

CARE = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b"}
OF_STUDENT_X = {"director", "leader", "counsellor", "head_teacher_a"}
FORUM_MANAGERS = {"director", "leader"}


def visit(w, e):
    """A home visit to student_x (class A) with one open follow-up item."""
    from xinhuo.care.models import FollowUp, HomeVisit

    v = HomeVisit.objects.create(school=w.school, student=w.student_x, visited_on=dt.date.today(), way="home",
                                 visitor_kinds=["head_teacher"], visitors="陈老师", notes="家中困难",
                                 recorded_by=w.users["head_teacher_a"])
    FollowUp.objects.create(school=w.school, home_visit=v, student=w.student_x, text="申请助学金",
                            created_by=w.users["head_teacher_a"])
    return v.pk


def item(w, e):
    from xinhuo.care.models import FollowUp

    return FollowUp.objects.get(home_visit_id=visit(w, e)).pk


def forum(w, e):
    from xinhuo.care.models import Forum

    f = Forum.objects.create(school=w.school, held_on=dt.date.today(), title="食堂座谈会", minutes="菜品单一",
                             recorded_by=w.users["director"])
    f.participants.add(w.student_x)
    return f.pk


CASES: list = [
    # the plan and home visits
    Case("care:visits", CARE | {"outsider"}),
    Case("care:visit-new", CARE | {"outsider"}, ok=302),  # no student: back to the plan to choose one
    Case("care:visit-history", CARE | {"outsider"}),
    Case("care:visit-detail", OF_STUDENT_X, kwargs=k(pk=visit)),
    Case("care:visit-follow-up-add", OF_STUDENT_X, ok=400, method="post", kwargs=k(pk=visit)),
    # follow-up items
    Case("care:follow-ups", STAFF),
    Case("care:follow-up-close", OF_STUDENT_X, ok=400, method="post", kwargs=k(pk=item)),
    # forums
    Case("care:forums", CARE | {"outsider"}),
    Case("care:forum-new", FORUM_MANAGERS | {"outsider"}),
    Case("care:forum-detail", CARE, kwargs=k(pk=forum)),
    Case("care:forum-edit", FORUM_MANAGERS, kwargs=k(pk=forum)),
    Case("care:forum-follow-up-add", FORUM_MANAGERS, ok=400, method="post", kwargs=k(pk=forum)),
    # API
    Case("api:care-home-visit-list", CARE | {"outsider"}, api=True),
    Case("api:care-home-visit-detail", OF_STUDENT_X, kwargs=k(pk=visit), api=True),
    Case("api:care-visit-plan-list", CARE | {"outsider"}, api=True),
    Case("api:care-home-visit-follow-up-add", OF_STUDENT_X, ok=201, method="post", kwargs=k(pk=visit),
         data={"text": "联系社区落实助学金"}, api=True),
    Case("api:care-follow-up-list", STAFF, api=True),
    Case("api:care-follow-up-close", OF_STUDENT_X, ok=400, method="post", kwargs=k(pk=item), api=True),
    Case("api:care-forum-list", CARE | {"outsider"}, api=True),
    Case("api:care-forum-detail", CARE, kwargs=k(pk=forum), api=True),
]
