"""The demo school of every type (`python -m xinhuo demo --school-type ...`) rolls over, with every module's rule on
real data, and the undo gives it back exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from xinhuo.core.access import build_actor
from xinhuo.core.demo import GRADE_NAMES, build_demo
from xinhuo.core.models import School, SchoolClass, SchoolYear, User
from xinhuo.people.models import Student
from xinhuo.rollover import services
from xinhuo.rollover.tests.schools import apply, snapshot

pytestmark = pytest.mark.django_db


def _next_year(old: SchoolYear) -> services.Choices:
    y = old.end.year
    return services.Choices(name=f"{y}-{y + 1}学年", start=dt.date(y, 9, 1), end=dt.date(y + 1, 7, 10),
                            term1=(dt.date(y, 9, 1), dt.date(y + 1, 1, 20)),
                            term2=(dt.date(y + 1, 2, 20), dt.date(y + 1, 7, 10)))


@pytest.mark.parametrize("kind", sorted(GRADE_NAMES))
def test_the_demo_school_of_every_type_rolls_over_and_back(kind, django_capture_on_commit_callbacks):
    objs, _password = build_demo(size="small", school_type=kind, password="Demo-Pass-2026")
    school: School = objs["school"]
    director = User.objects.get(username="director")
    actor = build_actor(director, school.pk)
    old = SchoolYear.objects.get(school=school, is_current=True)
    top = GRADE_NAMES[kind][-1]
    leaving = set(Student.objects.filter(school=school, status="enrolled", school_class__grade__name=top)
                  .values_list("pk", flat=True))
    staying = Student.objects.filter(school=school, status="enrolled").exclude(pk__in=leaving).count()
    before = snapshot(school)

    run = services.prepare(actor=actor, choices=_next_year(old))
    apps = {line["app"] for line in run.lines}
    assert {"people", "care", "clubs", "plans"} <= apps  # every module's rule spoke on the demo's data
    run = apply(run, django_capture_on_commit_callbacks)
    assert run.status == "done", run.error

    assert SchoolYear.objects.get(school=school, is_current=True).name == _next_year(old).name
    graduated = Student.objects.filter(school=school, pk__in=leaving)
    assert leaving and all(s.status == "graduated" and s.left_on == old.end for s in graduated)
    assert Student.objects.filter(school=school, status="enrolled").count() == staying
    # no student at school is left in a graduated class, and the top grade holds last year's second-to-top cohort
    assert not Student.objects.filter(school=school, status="enrolled", school_class__graduated_in__isnull=False)
    assert SchoolClass.objects.filter(school=school, graduated_in=old, grade__name=top).exists()

    assert not services.undo_blockers(run)
    services.undo(actor=actor, run=run)
    assert snapshot(school) == before
