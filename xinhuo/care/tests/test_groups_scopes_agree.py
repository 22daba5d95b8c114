"""Support measures (STU-3): the object rule view_support and the selector support_measures agree for every persona
across two schools; the growth record's selectors show staff the internal note and the family never."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from conftest import PERSONAS
from xinhuo.care import rules
from xinhuo.care.groups import selectors
from xinhuo.care.models import SupportKind, SupportMeasure

NO_SUPPORT = {"admin", "finance", "elder", "parent_x", "student_x", "student_y"}


@pytest.fixture
def measures(world):
    day = timezone.localdate() - dt.timedelta(days=3)
    for school, student in ((world.school, world.student_x), (world.school, world.student_y),
                            (world.school, world.student_z), (world.other, world.other_student)):
        SupportMeasure.objects.create(school=school, student=student, kind=SupportKind.MATERIAL, given_on=day,
                                      provider="关工委", what="助学金", amount=500, outcome="已发放",
                                      internal_note="家庭收入低")
    return world


def test_view_support_rule_and_selector_agree(measures):
    world = measures
    disagreements, seen = [], {}
    for persona in PERSONAS:
        actor = world.actor(persona)
        try:
            visible = set(selectors.support_measures(actor).values_list("pk", flat=True))
        except Http404:
            visible = set()
        seen[persona] = visible
        for measure in SupportMeasure.objects.select_related("student"):
            if rules.can(actor, "view_support", measure) != (measure.pk in visible):
                disagreements.append(f"{persona} {measure}")
    assert not disagreements, "\n".join(disagreements)
    here = set(SupportMeasure.objects.filter(school=world.school).values_list("pk", flat=True))
    class_a = set(SupportMeasure.objects.filter(student__school_class=world.class_a).values_list("pk", flat=True))
    for persona in NO_SUPPORT:
        assert seen[persona] == set(), persona
    assert seen["director"] == seen["leader"] == seen["counsellor"] == here
    assert seen["head_teacher_a"] == class_a and len(class_a) == 2
    assert seen["outsider"] == set(SupportMeasure.objects.filter(school=world.other).values_list("pk", flat=True))


def test_support_for_student_is_scoped_and_keeps_the_note(measures):
    world = measures
    head_a = world.actor("head_teacher_a")
    rows = list(selectors.support_for_student(head_a, world.student_x))
    assert len(rows) == 1 and rows[0].internal_note == "家庭收入低"
    assert not selectors.support_for_student(head_a, world.student_z).exists()
    with pytest.raises(Http404):
        selectors.support_for_student(world.actor("parent_x"), world.student_x)


def test_support_received_never_carries_the_internal_note(measures):
    rows = list(selectors.support_received(measures.student_x))
    assert len(rows) == 1
    assert "internal_note" not in rows[0] and "amount" not in rows[0]
    assert rows[0]["what"] == "助学金" and rows[0]["outcome"] == "已发放" and rows[0]["kind"] == "material"
    assert rows[0]["kind_label"]


def test_the_identify_picker_agrees_with_who_may_be_identified(world):
    """taggable_students (the identify page's picker and the API's lookup) lists exactly the students tag_identify
    accepts from the actor: the director and counsellors the school, a head teacher their class, no one else."""
    from xinhuo.care.groups.services import _may_manage_student
    from xinhuo.people.models import Student

    students = list(Student.objects.all())
    for persona in PERSONAS:
        actor = world.actor(persona)
        try:
            listed = set(selectors.taggable_students(actor).values_list("pk", flat=True))
        except Http404:
            listed = set()
        assert listed == {s.pk for s in students if _may_manage_student(actor, s)}, persona
    actor = world.actor("head_teacher_a")
    assert set(selectors.taggable_students(actor).values_list("name", flat=True)) == {"张小明", "李小红"}
