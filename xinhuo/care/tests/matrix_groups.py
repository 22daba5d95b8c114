"""Access-matrix cases: the groups part of the care app (special-group tags, the groups' settings, support measures,
the emotional-support reminders), pages and API.

Tags: the director, leader and counsellor see all of the school, head_teacher_a their class (student_x's tag);
the leader only looks; a tag from screening is a need-attention flag to all but the counsellor, who alone changes it.
Support: the same four see student_x's measure; the committee and its recorder
(head_teacher_a) correct it. Parents, students, elders, finance and the admin get 404 everywhere; outsider (the
other school's director) opens the pages without an object and gets 404 on this school's.
"""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k

# outsider is the other school's director: the pages without an object open for their own school
TAG_VIEW = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "outsider"}
TAG_MANAGE = {"director", "counsellor", "head_teacher_a", "head_teacher_b", "outsider"}
CARE = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "outsider"}
OF_X = {"director", "leader", "counsellor", "head_teacher_a"}


def tag(w, e):
    """An open special-group tag of student_x (class_a)."""
    from xinhuo.care.groups.services import special_groups_for
    from xinhuo.care.models import SpecialGroup, StudentTag, TagSource

    special_groups_for(w.school)
    today = dt.date.today()
    return StudentTag.objects.create(
        school=w.school, student=w.student_x, group=SpecialGroup.objects.get(school=w.school, code="left_behind"),
        source=TagSource.HEAD_TEACHER, identified_on=today - dt.timedelta(days=5),
        review_on=today + dt.timedelta(days=60)).pk


def screening_tag(w, e):
    """An open tag of student_x from psychological screening: its detail is the counsellors' (PSY-5)."""
    from xinhuo.care.models import StudentTag, TagSource

    pk = tag(w, e)
    StudentTag.objects.filter(pk=pk).update(source=TagSource.SCREENING, note="PHQ-A 中重度")
    return pk


def group(w, e):
    from xinhuo.care.groups.services import special_groups_for
    from xinhuo.care.models import SpecialGroup

    special_groups_for(w.school)
    return SpecialGroup.objects.get(school=w.school, code="single_parent").pk


def measure(w, e):
    """A support measure for student_x recorded by head_teacher_a."""
    from xinhuo.care.models import SupportKind, SupportMeasure

    return SupportMeasure.objects.create(
        school=w.school, student=w.student_x, kind=SupportKind.ACADEMIC, given_on=dt.date.today(),
        provider="王老师", what="数学辅导", internal_note="家中无人辅导", recorded_by=w.users["head_teacher_a"]).pk


CASES: list = [
    # special-group tags
    Case("care:tags", TAG_VIEW),
    Case("care:tag-new", TAG_MANAGE),
    Case("care:tag-detail", OF_X, kwargs=k(pk=tag)),
    Case("care:tag-status", {"director", "counsellor", "head_teacher_a"}, ok=400, method="post", kwargs=k(pk=tag)),
    Case("care:tag-renew", {"director", "counsellor", "head_teacher_a"}, ok=400, method="post", kwargs=k(pk=tag)),
    # a tag from screening: the others who see student_x's tags open a need-attention flag; only a counsellor acts
    Case("care:tag-detail", OF_X, kwargs=k(pk=screening_tag)),
    Case("care:tag-status", {"counsellor"}, ok=400, method="post", kwargs=k(pk=screening_tag)),
    Case("care:tag-renew", {"counsellor"}, ok=400, method="post", kwargs=k(pk=screening_tag)),
    # the groups' settings: the director
    Case("care:groups", {"director", "outsider"}),
    Case("care:group-new", {"director", "outsider"}),
    Case("care:group-edit", {"director"}, kwargs=k(pk=group)),
    # support measures and the emotional-support reminders
    Case("care:support", CARE),
    Case("care:support-new", CARE),
    Case("care:support-detail", OF_X, kwargs=k(pk=measure)),
    Case("care:support-edit", OF_X, kwargs=k(pk=measure)),
    Case("care:reminders", CARE),
    # API
    Case("api:care-tag-list", TAG_VIEW, api=True),
    Case("api:care-tag-detail", OF_X, kwargs=k(pk=tag), api=True),
    Case("api:care-tag-detail", OF_X, kwargs=k(pk=screening_tag), api=True),
    Case("api:care-support-list", CARE, api=True),
    Case("api:care-support-detail", OF_X, kwargs=k(pk=measure), api=True),
    # the phone's follow-up of a tag (issue 20): as the page's forms; an empty body is refused with the field named
    Case("api:care-tag-status", {"director", "counsellor", "head_teacher_a"}, ok=400, method="post",
         kwargs=k(pk=tag), api=True),
    Case("api:care-tag-renew", {"director", "counsellor", "head_teacher_a"}, ok=400, method="post",
         kwargs=k(pk=tag), api=True),
    Case("api:care-tag-status", {"counsellor"}, ok=400, method="post", kwargs=k(pk=screening_tag), api=True),
    Case("api:care-tag-renew", {"counsellor"}, ok=400, method="post", kwargs=k(pk=screening_tag), api=True),
    Case("api:care-tag-status", {"director", "counsellor", "head_teacher_a"}, method="post",
         data={"status": "supported"}, kwargs=k(pk=tag), api=True),
    # a measure's correction: the committee and its recorder (head_teacher_a), as the page's edit
    Case("api:care-support-detail", OF_X, method="patch", data={"outcome": "期中数学及格"}, kwargs=k(pk=measure),
         api=True),
    Case("api:care-support-list", CARE, ok=400, method="post", api=True),
]
