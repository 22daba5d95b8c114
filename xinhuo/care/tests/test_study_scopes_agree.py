"""For the study part, the object-level rules and the selectors agree for every persona, across two schools:
who reads a growth record (view_growth / growth_students), who keeps a programme's attendance (take_attendance /
attendance_programs) and whom one may sign up (study_signup / signup_students)."""

from __future__ import annotations

import pytest

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.growth import selectors as growth_selectors
from xinhuo.care.models import Mentor, MentorKind, ProgramKind, StudyProgram
from xinhuo.care.study import selectors as study_selectors
from xinhuo.care.tests.helpers import visible
from xinhuo.people.models import Student


@pytest.fixture
def programs(world):
    elder = Mentor.objects.create(school=world.school, kind=MentorKind.ELDER, elder=world.elder, name="周老")
    peer = Mentor.objects.create(school=world.school, kind=MentorKind.PEER, peer=world.student_y, name="李小红")
    other = Mentor.objects.create(school=world.other, kind=MentorKind.VOLUNTEER, name="外校志愿者")
    made = {
        "elder": StudyProgram.objects.create(school=world.school, kind=ProgramKind.TEACHER_CLASS, title="讲堂",
                                             tutor=elder),
        "peer": StudyProgram.objects.create(school=world.school, kind=ProgramKind.PEER_TUTORING, title="互助",
                                            tutor=peer),
        "none": StudyProgram.objects.create(school=world.school, kind=ProgramKind.CAREER_TALK, title="讲座"),
        "other": StudyProgram.objects.create(school=world.other, kind=ProgramKind.WORKSHOP, title="外校",
                                             tutor=other),
    }
    return made


def test_rules_and_selectors_agree(world, programs):
    students = list(Student.objects.select_related("school_class"))
    program_rows = list(StudyProgram.objects.select_related("tutor__elder", "tutor__staff", "tutor__peer"))
    wrong, seen = [], {}
    for persona in PERSONAS:
        actor = world.actor(persona)
        for rule, selector, objects in (("view_growth", growth_selectors.growth_students, students),
                                        ("study_signup", study_selectors.signup_students, students),
                                        ("take_attendance", study_selectors.attendance_programs, program_rows)):
            scope = visible(selector, actor)
            seen[persona, rule] = scope
            for obj in objects:
                allowed = rules.can(actor, rule, obj)
                if allowed != (obj.pk in scope):
                    wrong.append(f"{persona} {rule} {obj} (pk {obj.pk}): rule={allowed}")
    assert not wrong, "\n".join(wrong)
    x, y, z = world.student_x.pk, world.student_y.pk, world.student_z.pk
    here = {x, y, z}
    assert seen["director", "view_growth"] == here == seen["counsellor", "view_growth"] == seen["leader",
                                                                                                 "view_growth"]
    assert seen["head_teacher_a", "view_growth"] == {x, y} and seen["head_teacher_b", "view_growth"] == {z}
    assert seen["parent_x", "view_growth"] == {x} and seen["student_y", "view_growth"] == {y}
    for persona in ("admin", "finance", "elder"):
        assert seen[persona, "view_growth"] == set(), persona
    assert seen["outsider", "view_growth"] == {world.other_student.pk}
    assert seen["parent_x", "study_signup"] == {x} and seen["student_x", "study_signup"] == {x}
    assert seen["director", "study_signup"] == set()
    assert seen["elder", "take_attendance"] == {programs["elder"].pk}
    assert seen["student_y", "take_attendance"] == {programs["peer"].pk}
    assert seen["director", "take_attendance"] == {p.pk for k, p in programs.items() if k != "other"}
    assert seen["head_teacher_a", "take_attendance"] == set() == seen["student_x", "take_attendance"]
    assert seen["outsider", "take_attendance"] == {programs["other"].pk}
