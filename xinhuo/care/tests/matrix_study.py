"""Access-matrix cases: the study part of the care app, pages and API.

Everyone of the school sees the study help desk's programmes; the study managers (director, leader; department
heads too) run them; the tutor — here the elder persona 周老, an elder mentor teaching a retired teachers' class —
keeps its sessions and attendance; students and parents sign up (a parent their own child). The growth record
(student_x's): the committee, the counsellor, student_x's head teacher, parent_x and student_x themself; entries
are added by the committee, counsellors and the head teacher. The other school's director (outsider) opens the
pages without an object, for their own school, and gets 404 on this school's objects.
"""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import EVERYONE, Case, k, sx

STUDY_MANAGERS = {"director", "leader"}
FAMILY = {"parent_x", "student_x", "student_y"}
GROWTH_OF_X = {"director", "leader", "counsellor", "head_teacher_a", "parent_x", "student_x"}
GROWTH_VIEWERS = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "parent_x", "student_x",
                  "student_y", "outsider"}
RECORDERS_OF_X = {"director", "leader", "counsellor", "head_teacher_a"}


def growth_entry(w):
    """A moral-education note on student_x written by the head teacher of class a."""
    from xinhuo.care.models import GrowthEntry

    entry, _ = GrowthEntry.objects.get_or_create(
        school=w.school, student=w.student_x, kind="moral_note", title="班会发言积极",
        defaults={"on": dt.date(2026, 11, 2), "internal": True, "recorded_by": w.users["head_teacher_a"]})
    return entry


def program(w, e):
    """A retired teachers' class taught by the elder persona (an elder mentor), with places left."""
    from xinhuo.care.models import Mentor, MentorKind, ProgramKind, StudyProgram

    tutor = Mentor.objects.create(school=w.school, kind=MentorKind.ELDER, elder=w.elder, name=w.elder.name)
    return StudyProgram.objects.create(school=w.school, kind=ProgramKind.TEACHER_CLASS, title="数学答疑",
                                       tutor=tutor, capacity=30).pk


def session(w, e):
    from xinhuo.care.models import StudySession

    return StudySession.objects.create(program_id=program(w, e), held_on=dt.date.today() - dt.timedelta(days=1),
                                       topic="分数的运算").pk


CASES: list = [
    # the study help desk and career guidance (STU-3)
    Case("care:study", EVERYONE),
    Case("care:study-new", STUDY_MANAGERS | {"outsider"}),
    Case("care:study-detail", EVERYONE - {"outsider"}, kwargs=k(pk=program)),
    Case("care:study-edit", STUDY_MANAGERS, kwargs=k(pk=program)),
    # a student signs themself up, a parent their only child: done, back to the programme
    Case("care:study-signup", FAMILY, ok=302, method="post", kwargs=k(pk=program)),
    # not signed up yet: a message and back to the programme; the managers are told to choose a student
    Case("care:study-cancel", FAMILY | STUDY_MANAGERS, ok=302, method="post", kwargs=k(pk=program)),
    Case("care:study-session-new", STUDY_MANAGERS | {"elder"}, kwargs=k(pk=program)),
    Case("care:study-attendance", STUDY_MANAGERS | {"elder"}, kwargs=k(pk=session)),
    # the growth record (STU-1): a student gets their own record at care:growth
    Case("care:growth", GROWTH_VIEWERS),
    Case("care:growth-detail", GROWTH_OF_X, kwargs=k(pk=sx)),
    Case("care:growth-entry-new", RECORDERS_OF_X, kwargs=k(pk=sx)),
    # written by head_teacher_a: the committee and its writer may correct it, not the other head teacher
    Case("care:growth-entry-edit", {"director", "leader", "counsellor", "head_teacher_a"},
         kwargs=k(pk=lambda w, e: growth_entry(w).pk)),
    # API
    Case("api:care-study-list", EVERYONE, api=True),
    Case("api:care-study-detail", EVERYONE - {"outsider"}, kwargs=k(pk=program), api=True),
    Case("api:care-study-signup", FAMILY, ok=201, method="post", kwargs=k(pk=program), api=True),
    # not signed up: the family is told so; the managers are asked whose sign-up to cancel
    Case("api:care-study-signup-cancel", FAMILY | STUDY_MANAGERS, ok=400, method="post", kwargs=k(pk=program),
         api=True),
    Case("api:care-growth-detail", GROWTH_OF_X, kwargs=k(pk=sx), api=True),
    Case("api:care-growth-entries", RECORDERS_OF_X, ok=201, method="post", kwargs=k(pk=sx),
         data={"kind": "moral_note", "on": "2026-09-10", "title": "班会发言积极"}, api=True),
    Case("api:care-growth-entry", {"director", "leader", "counsellor", "head_teacher_a"}, method="patch",
         kwargs=k(pk=sx, entry_pk=lambda w, e: growth_entry(w).pk), data={"title": "班会发言积极，有条理"}, api=True),
]
