"""Access-matrix cases of the parent committee at school, grade and class level, its meetings and minutes; parent
mutual-help groups (FAM-3). The helpers here also build the committee tests' records.

Committees: the staff who work with families (director, leader, counsellor, head teachers) and parent_x (child in
class A) see class A's committee; the director, the leader and class A's head teacher manage it (head_teacher_b:
404). Meetings: those who manage, and parent_x who sits on the committee (approved minutes). Mutual-help group with
guardian_x as a member, coordinated by a staff member without an account: the committee manages it; head_teacher_a
(a member's head teacher) and parent_x (a member) see it; head_teacher_b, the counsellor and finance do not (404).
outsider (the other school's director) opens the pages without an object and gets 404 on this school's."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k

VIEW = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "parent_x", "outsider"}
MANAGE_CLASS = {"director", "leader", "head_teacher_a", "head_teacher_b", "outsider"}
OF_A = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "parent_x"}
MANAGES_A = {"director", "leader", "head_teacher_a"}
GROUP_VIEW = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b", "finance", "parent_x",
              "outsider"}
GROUP_MANAGE = {"director", "leader"}
TODAY = dt.date(2026, 12, 7)


def make_committee(w, level: str = "class", school_class=None, grade=None):
    from xinhuo.family.committee.models import ParentCommittee

    if level == "class":
        school_class = school_class or w.class_a
    if level == "grade":
        grade = grade or w.grade
    return ParentCommittee.objects.create(school=school_class.school if school_class else w.school,
                                          school_year=w.year, level=level, grade=grade, school_class=school_class)


def make_seat(committee, guardian, position: str = "member", term_from: dt.date | None = None, **kw):
    from xinhuo.family.committee.models import CommitteeSeat

    return CommitteeSeat.objects.create(committee=committee, guardian=guardian, position=position,
                                        term_from=term_from or dt.date(2026, 9, 15), **kw)


def make_meeting(committee, status: str = "draft", held_on: dt.date | None = None, **kw):
    from xinhuo.family.committee.models import CommitteeMeeting

    kw.setdefault("minutes", "讨论了家长护导岗安排。")
    return CommitteeMeeting.objects.create(committee=committee, title=kw.pop("title", "开学初家委会工作会议"),
                                           held_on=held_on or dt.date(2026, 9, 18), status=status, **kw)


def make_group(w, **kw):
    from xinhuo.family.committee.models import MutualHelpGroup
    from xinhuo.people.models import Staff

    if "coordinator_staff" not in kw and "coordinator_guardian" not in kw:
        kw["coordinator_staff"] = Staff.objects.get_or_create(
            school=w.school, staff_no="T0900", defaults={"name": "孙老师", "gender": "F"})[0]
    return MutualHelpGroup.objects.create(school=w.school, name=kw.pop("name", "留守儿童家庭互助组"),
                                          purpose="互相帮扶", **kw)


def make_member(group, guardian, joined_on: dt.date | None = None):
    from xinhuo.family.committee.models import MutualHelpMember

    return MutualHelpMember.objects.create(group=group, guardian=guardian, joined_on=joined_on or dt.date(2026, 10, 9))


def class_a_committee(w, e):
    return make_committee(w).pk


def class_a_seat(w, e):
    return make_seat(make_committee(w), w.guardian_x).pk


def approved_meeting(w, e):
    committee = make_committee(w)
    make_seat(committee, w.guardian_x)
    return make_meeting(committee, status="approved").pk


def draft_meeting(w, e):
    return make_meeting(make_committee(w)).pk


def group_of_x(w, e):
    group = make_group(w)
    make_member(group, w.guardian_x)
    return group.pk


def member_x(w, e):
    return make_member(make_group(w), w.guardian_x).pk


CASES: list = [
    Case("family:committee-list", VIEW),
    Case("family:committee-new", MANAGE_CLASS),
    Case("family:committee-detail", OF_A, kwargs=k(pk=class_a_committee)),
    Case("family:committee-seat-add", MANAGES_A, kwargs=k(pk=class_a_committee)),
    Case("family:committee-seat-end", MANAGES_A, ok=302, method="post", data={"ended_on": "2026-12-01"},
         kwargs=k(pk=class_a_seat)),
    Case("family:committee-meeting-new", MANAGES_A, kwargs=k(pk=class_a_committee)),
    Case("family:committee-meeting-detail", MANAGES_A | {"parent_x"}, kwargs=k(pk=approved_meeting)),
    Case("family:committee-meeting-edit", MANAGES_A, kwargs=k(pk=draft_meeting)),
    Case("family:committee-meeting-approve", MANAGES_A, ok=302, method="post", kwargs=k(pk=draft_meeting)),
    Case("family:mutual-help-list", GROUP_VIEW),
    Case("family:mutual-help-new", {"director", "leader", "outsider"}),
    Case("family:mutual-help-detail", GROUP_MANAGE | {"head_teacher_a", "parent_x"}, kwargs=k(pk=group_of_x)),
    Case("family:mutual-help-member-add", GROUP_MANAGE, ok=400, method="post", kwargs=k(pk=group_of_x)),
    Case("family:mutual-help-member-end", GROUP_MANAGE, ok=302, method="post", kwargs=k(pk=member_x)),
    Case("family:mutual-help-meeting-add", GROUP_MANAGE, ok=400, method="post", kwargs=k(pk=group_of_x)),
    # the API
    Case("api:family-committee-list", VIEW, api=True),
    Case("api:family-committee-detail", OF_A, kwargs=k(pk=class_a_committee), api=True),
    Case("api:family-committee-meeting-list", VIEW, api=True),
    Case("api:family-committee-meeting-detail", MANAGES_A | {"parent_x"}, kwargs=k(pk=approved_meeting), api=True),
    Case("api:family-committee-meeting-approve", MANAGES_A, method="post", kwargs=k(pk=draft_meeting), api=True),
    Case("api:family-mutual-help-list", GROUP_VIEW, api=True),
    Case("api:family-mutual-help-detail", GROUP_MANAGE | {"head_teacher_a", "parent_x"}, kwargs=k(pk=group_of_x),
         api=True),
]
