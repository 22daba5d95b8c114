"""A list page's query count does not grow with its rows (DESIGN.md: Performance).

Each page is measured in the small world of the personas, then again after many more rows
were added to what that persona sees; the number of queries must be the same.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_guardian, make_student, make_user
from xinhuo.core.models import (
    AccessLog,
    CommitteeMember,
    Department,
    Grade,
    Membership,
    Notification,
    Role,
    SchoolClass,
    SchoolYear,
    Term,
)
from xinhuo.core.tests.queries import rows_add_no_query
from xinhuo.people.models import Staff, StudentGuardian

PAGES = {
    "director": ["/people/students/", "/people/guardians/", "/people/staff/", "/structure/", "/inbox/",
                 "/logs/access/", "/committee/", "/notices/", "/",
                 "/api/v1/students/", "/api/v1/guardians/", "/api/v1/staff/", "/api/v1/classes/",
                 "/api/v1/notifications/"],
    "head_teacher_a": ["/people/students/", "/people/guardians/", "/people/staff/", "/structure/", "/inbox/", "/",
                       "/api/v1/students/", "/api/v1/guardians/", "/api/v1/staff/", "/api/v1/classes/",
                       "/api/v1/notifications/"],
    "parent_x": ["/people/students/", "/people/guardians/", "/inbox/", "/api/v1/students/", "/api/v1/guardians/"],
}


def count_queries(client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm-up: per-process caches (content types, translations) are not the page's cost
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(ctx), [q["sql"] for q in ctx.captured_queries]


def grow(world, n: int = 30) -> None:
    """Many more rows of every kind the list pages show, inside what the director and head teacher A see."""
    start = dt.date(2013, 1, 1)
    kinds = [k for k, _label in Department.Kind.choices]
    for i in range(n):
        s = make_student(world.school, world.class_a, f"2026{100 + i}", f"学生{i:02d}", born=start, seq=10 + i)
        g = make_guardian(world.school, f"家长{i:02d}", f"1370000{1000 + i}", s)
        make_guardian(world.school, f"家长乙{i:02d}", f"1360000{1000 + i}", s, relation="mother")
        if i % 3 == 0:  # some guardians with children in both classes
            StudentGuardian.objects.create(student=world.student_z, guardian=g, relation="other")
    for i in range(n):
        dept = Department.objects.create(school=world.school, name=f"部门{i:02d}", kind=kinds[i % len(kinds)])
        Staff.objects.create(school=world.school, staff_no=f"T{100 + i}", name=f"教师{i:02d}", gender="F",
                             department=dept if i % 2 else None, phone=f"1350000{1000 + i}")
    for level in range(8, 12):
        grade = Grade.objects.create(school=world.school, name=f"年级{level}", level=level)
        for number in range(1, 6):
            c = SchoolClass.objects.create(school=world.school, grade=grade, number=number, name=f"{number}班")
            teacher = make_user(f"t{level}-{number}", world.school, Role.HEAD_TEACHER)
            Membership.objects.get(user=teacher).classes.add(c)
            # head teacher A also heads some of them: their scope grows too
            if number == 1:
                Membership.objects.get(user=world.users["head_teacher_a"]).classes.add(c)
                make_student(world.school, c, f"2026{level}{number}9", f"外班{level}", born=start, seq=level)
    for y in range(2018, 2026):
        year = SchoolYear.objects.create(school=world.school, name=f"{y}-{y + 1}学年", start=dt.date(y, 9, 1),
                                         end=dt.date(y + 1, 7, 15))
        Term.objects.create(school_year=year, name="第一学期", start=dt.date(y, 9, 1), end=dt.date(y + 1, 1, 20))
        Term.objects.create(school_year=year, name="第二学期", start=dt.date(y + 1, 2, 20), end=dt.date(y + 1, 7, 10))
    senders = [world.users["director"], world.users["leader"], world.users["admin"]]
    for i in range(n):
        batch = uuid.uuid4()
        for persona in ("director", "head_teacher_a", "parent_x"):
            Notification.objects.create(school=world.school, recipient=world.users[persona], batch=batch,
                                        sender=senders[i % 3], title=f"通知{i}",
                                        read_at=None if i % 2 else dt.datetime.now(dt.UTC))
    for i in range(n):
        AccessLog.objects.create(user=world.users["head_teacher_a" if i % 2 else "counsellor"], school=world.school,
                                 action="list", object_type="student", detail={"count": i})
    for i in range(n):
        CommitteeMember.objects.create(school=world.school, name=f"委员{i}", position="member",
                                       user=world.users["elder"] if i % 2 else None)
    # a second child for the parent, so the parent's lists grow as well
    child = make_student(world.school, world.class_b, "2026999", "张小亮", born=start, seq=99)
    StudentGuardian.objects.create(student=child, guardian=world.guardian_x, relation="father")


def seed(world) -> None:
    """One row in each list that the personas' small world leaves empty: an empty page skips its
    row query altogether, which is not the growth this test looks for."""
    batch = uuid.uuid4()
    for persona in PAGES:
        Notification.objects.create(school=world.school, recipient=world.users[persona], sender=world.users["leader"],
                                    batch=batch, title="欢迎")
    AccessLog.objects.create(user=world.users["admin"], school=world.school, action="view", object_type="student")


@pytest.mark.parametrize(("persona", "url"), [(p, u) for p, urls in PAGES.items() for u in urls])
def test_query_count_does_not_grow_with_rows(world, persona, url):
    seed(world)
    client = world.client(persona)
    small, small_sql = count_queries(client, url)
    grow(world)
    client = world.client(persona)  # a fresh session: nothing cached from the small world
    large, sql = count_queries(client, url)
    assert rows_add_no_query(small_sql, sql), \
        f"{persona} {url}: {small} queries with the small world, {large} with more rows\n" + "\n".join(sql)


def test_the_grown_world_really_is_bigger_in_every_list(world):
    """Guard against a vacuous test: each measured list shows more rows after grow()."""
    before = {url: world.client("director").get(url).content for url in PAGES["director"]}
    grow(world)
    director = world.client("director")
    for url in PAGES["director"]:
        after = director.get(url).content
        assert len(after) > len(before[url]), url
    teacher = world.client("head_teacher_a").get("/api/v1/students/").json()
    assert teacher["count"] > 30
