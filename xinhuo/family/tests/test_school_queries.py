"""The parent school's lists cost the same queries with 3 or 33 courses, sessions and registrations (but the one
COUNT a list longer than a page needs)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_guardian, make_student
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.family.models import ExcellentParent, SessionRegistration
from xinhuo.family.school import services

from .test_school_support import director, make_course, make_session, move, register

pytestmark = pytest.mark.django_db


def test_lists_do_not_grow_with_their_rows(world):
    def counts(persona: str, url: str) -> list[str]:
        client = world.client(persona)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    checkin_session = make_session(world, make_course(world, title="签到"), days=0.1)
    seq = [0]

    def fill(n: int):
        for _ in range(n):
            seq[0] += 1
            i = seq[0]
            course = make_course(world, title=f"课程{i}")
            s = make_session(world, course)
            register(world, s)
            move(s, hours=-1)
            services.checkin_set(actor=director(world), registration=SessionRegistration.objects.get(session=s),
                                 attended=True)
            child = make_student(world.school, world.class_b, f"9{i:05d}", f"学生{i}", seq=100 + i)
            g = make_guardian(world.school, f"家长{i}", f"1380000{i:04d}", child)
            SessionRegistration.objects.create(session=checkin_session, guardian=g, student=child)
            ExcellentParent.objects.create(school=world.school, term=world.year.terms.get(), guardian=g,
                                           name=g.name, sessions=3, certificate_no=f"N{i}")

    pages = [("parent_x", reverse("family:school-home")), ("parent_x", reverse("family:school-mine")),
             ("director", reverse("family:school-home")), ("director", reverse("family:school-attendance")),
             ("director", reverse("family:school-checkin", args=[checkin_session.pk])),
             ("director", reverse("family:school-excellent")),
             ("parent_x", "/api/v1/family/school/sessions/"), ("director", "/api/v1/family/school/sessions/"),
             ("director", "/api/v1/family/school/attendance/"), ("director", "/api/v1/family/school/courses/")]
    fill(3)  # parent_x is proposed as 优秀家长学员 from the third session on
    small = {p: counts(*p) for p in pages}
    fill(30)
    for p in pages:
        assert rows_add_no_query(small[p], counts(*p)), p
