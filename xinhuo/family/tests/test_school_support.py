"""Shared set-up of the parent school's tests (no tests of its own)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import make_user
from xinhuo.core.access import build_actor
from xinhuo.core.models import Role
from xinhuo.family.models import ParentSession
from xinhuo.family.school import services
from xinhuo.people.models import Guardian


def director(world):
    return world.actor("director")


def make_course(world, *, grades=(), title="家庭教育促进法解读", organiser=None):
    return services.course_save(actor=director(world), term=world.year.terms.get(), title=title,
                                summary="解读家庭教育促进法。", grades=list(grades), organiser=organiser)


def make_session(world, course, *, days=3, mode="on_site", capacity=30, topic=""):
    starts = timezone.now() + dt.timedelta(days=days)
    return services.session_save(
        actor=director(world), course=course, topic=topic, mode=mode, starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=90), place="学校报告厅" if mode == "on_site" else "",
        capacity=capacity, speakers=[{"name": "", "kind": "teacher", "staff": world.staff_a, "elder": None},
                                     {"name": "区法院 张法官", "kind": "expert", "staff": None, "elder": None}])


def move(session, *, hours: float) -> ParentSession:
    """Move a session to start `hours` from now (negative: it has started)."""
    starts = timezone.now() + dt.timedelta(hours=hours)
    ParentSession.objects.filter(pk=session.pk).update(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    session.refresh_from_db()
    return session


def parent_of(world, guardian: Guardian, username: str, school=None):
    """An account for a guardian (a parent), and its actor."""
    user = make_user(username, school or world.school, Role.PARENT)
    Guardian.objects.filter(pk=guardian.pk).update(user=user)
    return build_actor(user)


def parent_x(world):
    return world.actor("parent_x")


def register(world, session, actor=None, student=None):
    return services.registration_create(actor=actor or parent_x(world), session=session,
                                        student=student or world.student_x)


QUIZ = "孩子不愿说话怎么办？|追问|*先倾听|不管\n手机怎么管？|没收|*一起约定|随他\n孩子发脾气时？|*先冷静|吼他|冷战"
