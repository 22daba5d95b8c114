"""What the care app closes when students leave during the year (care/leaving.py, AppManifest.student_left):
their pairs end with the note, their tags close with it, their follow-up items are listed; only theirs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext as _

from xinhuo.care.leaving import students_left
from xinhuo.care.models import FollowUp, MentoringPair, StudentTag, TagStatus, VisitDue
from xinhuo.core.models import Notification
from xinhuo.core.registry import student_left_hooks
from xinhuo.core.tests.helpers import days

from .mentoring_helpers import elder_mentor, pair, peer_mentor, teacher_mentor, volunteer
from .test_rollover_hooks import _graduates, follow_up, tag

NOTE = "转学至青松中学"


@pytest.fixture
def scene(world):
    w = world
    elder, teacher = elder_mentor(w, max_mentees=5), teacher_mentor(w, w.staff_a)
    return {
        "x_elder": pair(w, elder, w.student_x), "x_teacher": pair(w, teacher, w.student_x),
        "x_peer_of_z": pair(w, peer_mentor(w, w.student_x), w.student_z),
        "y_elder": pair(w, elder, w.student_y),
        "x_tag": tag(w, w.student_x, status=TagStatus.SUPPORTED), "y_tag": tag(w, w.student_y),
        "x_follow": follow_up(w, w.student_x, w.users["counsellor"]),
        "other_tag": tag(w, w.other_student, school=w.other),
    }


def test_the_hook_is_declared(world):
    assert ("care", students_left) in student_left_hooks()


def test_pairs_end_on_the_day_with_the_note_and_tags_close(world, scene):
    on = days(-2)
    lines = students_left(world.school.pk, [world.student_x.pk], on, NOTE, world.users["director"].pk)
    assert [(str(line.title), line.count, line.action) for line in lines] == [
        (_("Mentoring pairs ended"), 3, True), (_("Special-group tags closed"), 1, True),
        (_("Open follow-up items of these students, for their owners to close"), 1, False)]
    for key in ("x_elder", "x_teacher", "x_peer_of_z"):
        p = MentoringPair.objects.get(pk=scene[key].pk)
        assert (p.ended_on, p.summary) == (on, NOTE)
    assert MentoringPair.objects.get(pk=scene["y_elder"].pk).ended_on is None
    x_tag = StudentTag.objects.get(pk=scene["x_tag"].pk)
    assert x_tag.status == TagStatus.CLOSED
    step = x_tag.history.get()
    assert (step.from_status, step.comment, step.by_id) == (TagStatus.SUPPORTED, NOTE, world.users["director"].pk)
    assert StudentTag.objects.get(pk=scene["y_tag"].pk).status == TagStatus.IDENTIFIED
    assert FollowUp.objects.get(pk=scene["x_follow"].pk).status == "open"  # listed, for its owner
    assert VisitDue.objects.get(student=world.student_x).group_id is None
    # the mentors with an account hear of it: the elder, the teacher, and x as the peer mentor
    told = set(Notification.objects.filter(title=_("A mentee of yours has left the school"))
               .values_list("recipient_id", flat=True))
    assert told == {world.users["elder"].pk, world.users["head_teacher_a"].pk, world.users["student_x"].pk}


def test_another_school_and_nobody_change_nothing(world, scene):
    assert students_left(world.school.pk, [world.other_student.pk], days(0), NOTE, None) == []
    assert students_left(world.other.pk, [world.student_x.pk], days(0), NOTE, None) == []
    assert students_left(world.school.pk, [], days(0), NOTE, None) == []
    assert StudentTag.objects.get(pk=scene["other_tag"].pk).status == TagStatus.IDENTIFIED
    assert not MentoringPair.objects.filter(ended_on__isnull=False).exists()


def test_without_a_note_the_reason_is_said(world):
    p = pair(world, volunteer(world), world.student_x)
    students_left(world.school.pk, [world.student_x.pk], days(0), "  ", None)
    assert MentoringPair.objects.get(pk=p.pk).summary == _("The student left the school.")


def test_a_constant_number_of_queries(world):
    few, many = _graduates(world, 2, "A"), _graduates(world, 6, "B")
    counts = []
    for students in (few, many):
        with CaptureQueriesContext(connection) as ctx:
            lines = students_left(world.school.pk, [s.pk for s in students], days(0), NOTE,
                                  world.users["director"].pk)
        assert lines[0].count == len(students)
        counts.append(len(ctx))
    assert counts[0] == counts[1]
