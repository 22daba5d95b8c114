"""When students leave (transfer or graduation), the committee part ends the seats of their guardians who no longer
have a child at school in that class, grade or school, and their mutual-help memberships (leaving.student_left)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from xinhuo.family.committee.leaving import student_left
from xinhuo.family.committee.models import CommitteeSeat, MutualHelpMember

from .matrix_committee import make_committee, make_group, make_member, make_seat

ON = dt.date(2026, 12, 4)
NOTE = "转学至青松中学"


def test_seats_and_memberships_of_the_leaving_family_end(world):
    school, grade, a, b = (make_committee(world, level="school"), make_committee(world, level="grade"),
                           make_committee(world), make_committee(world, school_class=world.class_b))
    x_school, x_grade, x_a = (make_seat(school, world.guardian_x), make_seat(grade, world.guardian_x),
                              make_seat(a, world.guardian_x, "chair"))
    x2_a = make_seat(a, world.guardian_x2)
    z_b = make_seat(b, world.guardian_z)
    group = make_group(world)
    x_member, z_member = make_member(group, world.guardian_x), make_member(group, world.guardian_z)

    lines = student_left(world.school.pk, [world.student_x.pk], ON, NOTE, world.users["director"].pk)

    assert [(str(line.title), line.count) for line in lines] == [
        (_("Parent committee seats ended"), 4), (_("Mutual-help group memberships ended"), 1)]
    for seat in (x_school, x_grade, x_a, x2_a):
        seat.refresh_from_db()
        assert (seat.ended_on, seat.end_note) == (ON, NOTE)
    assert CommitteeSeat.objects.get(pk=z_b.pk).ended_on is None
    assert MutualHelpMember.objects.get(pk=x_member.pk).left_on == ON
    assert MutualHelpMember.objects.get(pk=z_member.pk).left_on is None


def test_a_guardian_with_another_child_keeps_the_seats_that_child_justifies(world):
    from conftest import make_student
    from xinhuo.people.models import StudentGuardian

    # guardian_x has a second child in class B (same grade): the grade and school seats stay, class A's ends
    sibling = make_student(world.school, world.class_b, "2026009", "张小红", "F", seq=9)
    StudentGuardian.objects.create(student=sibling, guardian=world.guardian_x, relation="father")
    school, grade, a = (make_committee(world, level="school"), make_committee(world, level="grade"),
                        make_committee(world))
    seats = {"school": make_seat(school, world.guardian_x), "grade": make_seat(grade, world.guardian_x),
             "a": make_seat(a, world.guardian_x)}
    member = make_member(make_group(world), world.guardian_x)
    lines = student_left(world.school.pk, [world.student_x.pk], ON, "", None)
    ended = {k for k, s in seats.items() if CommitteeSeat.objects.get(pk=s.pk).ended_on}
    assert ended == {"a"}
    assert CommitteeSeat.objects.get(pk=seats["a"].pk).end_note == _("Their child left the school.")
    assert MutualHelpMember.objects.get(pk=member.pk).left_on is None
    assert [line.count for line in lines] == [1]


def test_another_school_or_nobody_changes_nothing(world):
    seat = make_seat(make_committee(world), world.guardian_x)
    assert student_left(world.other.pk, [world.student_x.pk], ON, NOTE, None) == []
    assert student_left(world.school.pk, [], ON, NOTE, None) == []
    assert student_left(world.school.pk, [world.other_student.pk], ON, NOTE, None) == []
    assert CommitteeSeat.objects.get(pk=seat.pk).ended_on is None


def test_a_seat_starting_after_the_day_ends_on_its_first_day(world):
    seat = make_seat(make_committee(world), world.guardian_x, term_from=dt.date(2026, 12, 10))
    student_left(world.school.pk, [world.student_x.pk], ON, NOTE, None)
    assert CommitteeSeat.objects.get(pk=seat.pk).ended_on == dt.date(2026, 12, 10)


def test_a_constant_number_of_queries(world):
    from conftest import make_guardian, make_student

    a = make_committee(world)
    group = make_group(world)

    def family(n: int, start: int) -> list[int]:
        ids = []
        for i in range(n):
            s = make_student(world.school, world.class_a, f"2027{start + i:03d}", f"学生{start + i}", seq=start + i)
            g = make_guardian(world.school, f"家长{start + i}", f"1380000{start + i:04d}", s)
            make_seat(a, g)
            make_member(group, g)
            ids.append(s.pk)
        return ids

    few, many = family(2, 10), family(6, 20)
    counts = []
    for ids in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            student_left(world.school.pk, ids, ON, NOTE, None)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert CommitteeSeat.objects.filter(ended_on=ON).count() == 8
