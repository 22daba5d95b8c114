"""Personas of DESIGN.md, in a compact world of two schools, shared by every test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
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
from xinhuo.elders.models import Elder
from xinhuo.people.models import Guardian, Staff, Student, StudentGuardian

PASSWORD = "Correct-Horse-2026"  # noqa: S105 - test personas only

PERSONAS = [
    "admin", "director", "leader", "head_teacher_a", "head_teacher_b", "counsellor", "finance",
    "elder", "parent_x", "student_x", "student_y", "outsider",
]


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
        c = Client()
        if persona:
            c.force_login(self.users[persona], backend="xinhuo.core.auth.UsernameOrMobileBackend")
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


@pytest.fixture
def world(db) -> World:
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
    for obj in (guardian_x, student_x, student_y, staff_a):
        obj.refresh_from_db()
    return World(school, other, year, grade, class_a, class_b, other_class, student_x, student_y, student_z,
                 other_student, guardian_x, guardian_x2, guardian_z, other_guardian, staff_a, other_staff, elder,
                 department, member, users)


# Property tests assert what they check, not how fast: a busy machine (parallel workers, Chromium)
# must not fail them on Hypothesis' timing checks.
hypothesis_settings.register_profile("xinhuo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("xinhuo")
