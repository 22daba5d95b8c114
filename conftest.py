"""Personas of DESIGN.md, in a compact world of two schools, shared by every test."""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_migrate
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from xinhuo.core import idcard
from xinhuo.core.access import Actor, build_actor
from xinhuo.core.models import (
    CommitteeMember,
    Department,
    Grade,
    Role,
    School,
    SchoolClass,
    SchoolYear,
    Term,
    User,
)
from xinhuo.core.services import membership_grant
from xinhuo.core.sessions import SessionStore
from xinhuo.elders.models import Elder
from xinhuo.people.models import Guardian, Staff, Student, StudentGuardian

PASSWORD = "Correct-Horse-2026"  # noqa: S105 - test personas only

PERSONAS = [
    "admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance",
    "elder", "parent_x", "student_x", "student_y", "outsider",
]


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL run repeats only what the database can change. Skipped there, and shown so (-rs):
    - own_sqlite: the test's child processes use an SQLite database of their own;
    - once: what it checks does not depend on the database (file storage, response headers);
    - browser: a journey checks the pages and their scripts in Chromium; the views it drives are tested on
      PostgreSQL by their own tests and the access matrix, and each journey's flush of some 350 tables is what
      made the PostgreSQL run the longer one.
    XINHUO_PG_ALL=1 runs them all."""
    if connection.vendor != "postgresql" or os.environ.get("XINHUO_PG_ALL"):
        return
    reasons = {
        "own_sqlite": "its child processes use an SQLite database of their own: the SQLite run has it",
        "once": "what it checks does not depend on the database: the SQLite run has it",
        "browser": "a browser journey checks pages and scripts, not the database: the SQLite run has it",
    }
    for item in items:
        for marker, reason in reasons.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))
                break


@pytest.fixture(autouse=True)
def site_language():
    """Every test starts in the site's language: a request in English (the language switch, an English
    Accept-Language) leaves its language active in the thread, and the next test in the same worker would
    read the services' messages in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class World:
    school: School
    other: School
    year: SchoolYear
    grade: Grade
    class_a: SchoolClass
    class_b: SchoolClass
    other_class: SchoolClass
    student_x: Student
    student_y: Student
    student_z: Student
    other_student: Student
    guardian_x: Guardian
    guardian_x2: Guardian
    guardian_z: Guardian
    other_guardian: Guardian
    staff_a: Staff
    other_staff: Staff
    elder: Elder
    department: Department
    committee_member: CommitteeMember
    users: dict[str, User]

    def client(self, persona: str | None) -> Client:
        """A test client, logged in as the persona when one is given: a session holding what login() puts in it,
        without login()'s signal (last_login, the lockout's record), a third of an access-matrix request; tests of
        logging in go through the login page."""
        c = Client()
        if persona:
            user = self.users[persona]
            session = SessionStore()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = "xinhuo.core.auth.UsernameOrMobileBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.save()
            c.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        return c

    def actor(self, persona: str) -> Actor:
        """The persona's actor in their school, as the views build it."""
        a = build_actor(self.users[persona])
        assert a is not None, persona
        return a


def make_user(username: str, school: School, role: str, **kw) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=kw.pop("full_name", username),
                                    phone=kw.pop("phone", ""))
    membership_grant(user=user, school=school, role=role, classes=kw.pop("classes", []), **kw)
    user.refresh_from_db()
    return user


def make_student(school, school_class, no, name, gender="M", born=dt.date(2013, 5, 1), seq=1):
    return Student.objects.create(
        school=school, school_class=school_class, student_no=no, name=name, gender=gender, birth_date=born,
        id_card=idcard.make("110101", born, seq, gender == "M"), address="北京市东城区和平街1号3栋201室",
    )


def make_guardian(school, name, phone, *students, relation="father"):
    g = Guardian.objects.create(school=school, name=name, phone=phone)
    for s in students:
        primary = not StudentGuardian.objects.filter(student=s, is_primary=True).exists()
        StudentGuardian.objects.create(student=s, guardian=g, relation=relation, is_primary=primary)
    return g


def build_world() -> World:
    """The world, built through the models and services (the `world` fixture copies it)."""
    school = School.objects.create(name="薪火实验中学", code="demo")
    other = School.objects.create(name="青松中学", code="other")
    year = SchoolYear.objects.create(school=school, name="2026-2027学年", start=dt.date(2026, 9, 1),
                                     end=dt.date(2027, 7, 15), is_current=True)
    Term.objects.create(school_year=year, name="第一学期", start=dt.date(2026, 9, 1), end=dt.date(2027, 1, 20))
    grade = Grade.objects.create(school=school, name="初一", level=7)
    class_a = SchoolClass.objects.create(school=school, grade=grade, number=1, name="1班")
    class_b = SchoolClass.objects.create(school=school, grade=grade, number=2, name="2班")
    other_grade = Grade.objects.create(school=other, name="初一", level=7)
    other_class = SchoolClass.objects.create(school=other, grade=other_grade, number=1, name="1班")
    department = Department.objects.create(school=school, name="德育处", kind=Department.Kind.MORAL_EDUCATION)

    student_x = make_student(school, class_a, "2026001", "张小明", "M", seq=1)
    student_y = make_student(school, class_a, "2026002", "李小红", "F", seq=2)
    student_z = make_student(school, class_b, "2026003", "王小刚", "M", seq=3)
    other_student = make_student(other, other_class, "2026001", "赵外校", "F", seq=4)
    guardian_x = make_guardian(school, "张大明", "13812345678", student_x)
    guardian_x2 = make_guardian(school, "刘芳", "13912345678", student_x, relation="mother")
    guardian_z = make_guardian(school, "王大刚", "13712345678", student_z)
    other_guardian = make_guardian(other, "赵家长", "13612345678", other_student)
    staff_a = Staff.objects.create(school=school, staff_no="T0001", name="陈老师", gender="F",
                                   department=department, phone="13512345678")
    other_staff = Staff.objects.create(school=other, staff_no="T0001", name="外校老师", gender="M",
                                       phone="13412345678")

    users = {
        "admin": make_user("admin", school, Role.ADMIN),
        "director": make_user("director", school, Role.DIRECTOR, phone="13900000001"),
        "leader": make_user("leader", school, Role.LEADER),
        "head_teacher_a": make_user("teacher", school, Role.HEAD_TEACHER, classes=[class_a]),
        "head_teacher_b": make_user("teacher2", school, Role.HEAD_TEACHER, classes=[class_b]),
        "counsellor": make_user("counsellor", school, Role.COUNSELLOR),
        "finance": make_user("finance", school, Role.FINANCE),
        "elder": make_user("elder", school, Role.ELDER),
        "parent_x": make_user("parent", school, Role.PARENT),
        "student_x": make_user("student", school, Role.STUDENT),
        "student_y": make_user("student_y", school, Role.STUDENT),
        "outsider": make_user("outsider", other, Role.DIRECTOR),
    }
    Staff.objects.filter(pk=staff_a.pk).update(user=users["head_teacher_a"])
    Guardian.objects.filter(pk=guardian_x.pk).update(user=users["parent_x"])
    Student.objects.filter(pk=student_x.pk).update(user=users["student_x"])
    Student.objects.filter(pk=student_y.pk).update(user=users["student_y"])
    elder = Elder.objects.create(school=school, name="周老", gender="M", category=Elder.Category.TEACHER,
                                 phone="13300001111", user=users["elder"])
    member = CommitteeMember.objects.create(school=school, name="赵书记", position=CommitteeMember.Position.LEADER,
                                            in_leading_group=True)
    # the county committee's account (ORG-8): no school role, a member of the county holding this school only
    users["county"] = User.objects.create_user(username="county", password=PASSWORD, full_name="县关工委")
    county = apps.get_model("evaluation", "County").objects.create(name="薪火县", code="xinhuo-county")
    apps.get_model("evaluation", "CountySchool").objects.create(county=county, school=school)
    apps.get_model("evaluation", "CountyMember").objects.create(county=county, user=users["county"])
    for obj in (guardian_x, student_x, student_y, staff_a):
        obj.refresh_from_db()
    return World(school, other, year, grade, class_a, class_b, other_class, student_x, student_y, student_z,
                 other_student, guardian_x, guardian_x2, guardian_z, other_guardian, staff_a, other_staff, elder,
                 department, member, users)


class WorldTemplate:
    """The world's rows, recorded once per test process and inserted again into each test's database.

    Building the world through the services (users, memberships, the audit log's entries) takes about
    0.2 s; inserting its rows takes a few milliseconds. The first test that asks for the world builds
    it inside a savepoint, records every row it added to every table and the objects it returned, and
    rolls it back. Each test then inserts exactly those rows (same primary keys, sequences moved past
    them) and gets a deep copy of the objects, so no test sees another's changes. The rows are recorded
    again for another day (timezone.localdate(), a new one or one a test patches in), and after a flush
    (a transactional test) or a migration, which recreate the content types and the rows of data
    migrations. XINHUO_TEST_WORLD_CACHE=0 builds the world in every test instead.
    """

    def __init__(self) -> None:
        # per day: the world's objects, its rows per table (columns, rows), the SQL moving sequences past them
        self.recorded: dict[dt.date, tuple[World, dict[str, tuple[list[str], list[tuple]]], list[str]]] = {}
        self.fingerprint: tuple | None = None
        self.columns: dict[str, list[str]] | None = None
        self.usable = os.environ.get("XINHUO_TEST_WORLD_CACHE", "1") != "0"
        post_migrate.connect(self.forget, dispatch_uid="xinhuo-world-template")

    def forget(self, **kwargs) -> None:
        self.recorded.clear()

    @staticmethod
    def _fingerprint() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), MAX(id) FROM django_content_type")
            return tuple(cursor.fetchone())

    def _columns(self, cursor) -> dict[str, list[str]]:
        """Every table's columns, read once per process: the schema does not change under the suite (migrations
        are tested in databases of their own; a flush, which sends post_migrate, keeps it), and introspecting some
        350 tables took a second and a half each time the world was recorded again, before every transactional
        test."""
        if self.columns is None:
            self.columns = {}
            for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} WHERE 1 = 0")  # noqa: S608
                self.columns[table] = [d[0] for d in cursor.description]
        return self.columns

    def _snapshot(self, cursor) -> dict[str, tuple[list[str], Counter]]:
        qn = connection.ops.quote_name
        cast = "::text" if connection.vendor == "postgresql" else ""  # every type reads and writes back as text
        tables = {}
        for table, columns in self._columns(cursor).items():
            cursor.execute(f"SELECT {', '.join(qn(c) + cast for c in columns)} FROM {qn(table)}")
            tables[table] = (columns, Counter(tuple(r) for r in cursor.fetchall()))
        return tables

    def _record(self):
        with transaction.atomic(), connection.cursor() as cursor:
            before = self._snapshot(cursor)
            world = build_world()
            after = self._snapshot(cursor)
            transaction.set_rollback(True)
        rows = {}
        for table, (columns, now) in after.items():
            if before[table][1] - now:  # the world changed or removed a row it did not add: copying cannot do that
                return None
            added = now - before[table][1]
            if added:
                rows[table] = (columns, list(added.elements()))
        models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
        return world, rows, connection.ops.sequence_reset_sql(no_style(), [models[t] for t in rows if t in models])

    def copy(self) -> World:
        if not self.usable:
            return build_world()
        fingerprint = self._fingerprint()
        if fingerprint != self.fingerprint:
            self.recorded.clear()
            self.fingerprint = fingerprint
        today = timezone.localdate()
        if today not in self.recorded:
            recorded = self._record()
            if recorded is None:
                self.usable = False
                return build_world()
            self.recorded[today] = recorded
        world, rows, sequence_sql = self.recorded[today]
        qn = connection.ops.quote_name
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table, (columns, values) in rows.items():
                    cursor.executemany(f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) "
                                       f"VALUES ({', '.join(['%s'] * len(columns))})", values)
                for sql in sequence_sql:
                    cursor.execute(sql)
        except IntegrityError:  # a fixture before this one took the world's keys: build it
            return build_world()
        return copy.deepcopy(world)


WORLD_TEMPLATE = WorldTemplate()


@pytest.fixture
def world(db) -> World:
    from xinhuo.wellbeing.install import ensure_standard_scales

    ensure_standard_scales()  # rows of a data migration, gone when a transactional test flushed the database
    return WORLD_TEMPLATE.copy()


# Property tests assert what they check, not how fast: a busy machine (parallel workers, Chromium)
# must not fail them on Hypothesis' timing checks.
hypothesis_settings.register_profile("xinhuo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("xinhuo")
