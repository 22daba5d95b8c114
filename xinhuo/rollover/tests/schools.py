"""Small schools of each type for the rollover tests (two classes a grade, two students a class): fast fixtures,
no demo."""

from __future__ import annotations

import datetime as dt

from conftest import make_student, make_user
from xinhuo.core.access import build_actor
from xinhuo.core.demo import FIRST_LEVEL, GRADE_NAMES
from xinhuo.core.models import Grade, Membership, Role, School, SchoolClass, SchoolYear, Term
from xinhuo.people.models import ClassChange, Student
from xinhuo.rollover import services

# the demo's school types (python -m xinhuo demo --school-type ...): their grades' names and first level
GRADES = {kind: (FIRST_LEVEL[kind], names) for kind, names in GRADE_NAMES.items()}
OLD_START, OLD_END = dt.date(2026, 9, 1), dt.date(2027, 7, 15)


def school_of(kind: str, code: str, *, per_grade: int = 2, per_class: int = 2):
    """(school, director actor). Every class has a head teacher; students born so that nobody's consent
    requirement changes in 2027-2028."""
    school = School.objects.create(name=f"{kind}学校", code=code, kind=kind)
    year = SchoolYear.objects.create(school=school, name="2026-2027学年", start=OLD_START, end=OLD_END,
                                     is_current=True)
    Term.objects.create(school_year=year, name="第一学期", start=OLD_START, end=dt.date(2027, 1, 20))
    Term.objects.create(school_year=year, name="第二学期", start=dt.date(2027, 2, 20), end=OLD_END)
    first, names = GRADES[kind]
    seq = 0
    for i, name in enumerate(names):
        grade = Grade.objects.create(school=school, name=name, level=first + i)
        for n in range(1, per_grade + 1):
            cls = SchoolClass.objects.create(school=school, grade=grade, number=n, name=f"{n}班")
            for _k in range(per_class):
                seq += 1
                # a birthday on 20 August: nobody turns 14 or 18 between 1 September 2027 and 10 July 2028
                born = dt.date(2020 - grade.level, 8, 20)
                make_student(school, cls, f"S{seq:04d}", f"学生{seq}", born=born, seq=seq)
            make_user(f"ht_{code}_{cls.pk}", school, Role.HEAD_TEACHER, classes=[cls], full_name=f"{cls}班主任")
    director = make_user(f"dir_{code}", school, Role.DIRECTOR, full_name="王主任")
    return school, build_actor(director, school.pk)


def choices(**kw) -> services.Choices:
    base = {"name": "2027-2028学年", "start": dt.date(2027, 9, 1), "end": dt.date(2028, 7, 10),
            "term1": (dt.date(2027, 9, 1), dt.date(2028, 1, 20)),
            "term2": (dt.date(2028, 2, 20), dt.date(2028, 7, 10))}
    base.update(kw)
    return services.Choices(**base)


def snapshot(school) -> dict:
    """Everything a rollover changes, to compare before and after an undo."""
    through = Membership.classes.through
    return {
        "years": sorted(SchoolYear.objects.filter(school=school).values_list("pk", "name", "start", "end",
                                                                          "is_current")),
        "terms": sorted(Term.objects.filter(school_year__school=school).values_list("pk", "school_year_id", "name",
                                                                                     "start", "end")),
        "classes": sorted(SchoolClass.objects.filter(school=school).values_list("pk", "grade_id", "number", "name",
                                                                                "graduated_in_id")),
        "students": sorted(Student.objects.filter(school=school).values_list("pk", "school_class_id", "status",
                                                                             "left_on")),
        "memberships": sorted(Membership.objects.filter(school=school).values_list("pk", "user_id", "role")),
        "head_classes": sorted(through.objects.filter(membership__school=school).values_list("membership_id",
                                                                                             "schoolclass_id")),
        "history": sorted(ClassChange.objects.filter(school=school).values_list("pk", "student_id", "kind")),
    }


def apply(run, capture) -> object:
    """Confirm a previewed run and let the (immediate) task run on commit."""
    with capture(execute=True):
        services.confirm(actor=build_actor(run.created_by, run.school_id), run=run)
    run.refresh_from_db()
    return run
