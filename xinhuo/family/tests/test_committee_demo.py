"""The demo school's parent committees: the school's (a parent as chair), one for each grade, class committees for a
few classes including the README parent's (who sits on it and sees the next meeting on the dashboard), the school
committee's two approved meetings of the term, and a 留守儿童家庭互助组 coordinated by the README head teacher whose
families are those of students tagged left-behind in care."""

from __future__ import annotations

import pytest

from xinhuo.care.models import StudentTag
from xinhuo.core.access import build_actor
from xinhuo.core.demo import DEMO_CODE, build_demo
from xinhuo.core.models import Grade, User
from xinhuo.family.committee import selectors
from xinhuo.family.committee.models import (
    CommitteeMeeting,
    CommitteeSeat,
    MutualHelpGroup,
    ParentCommittee,
)
from xinhuo.people.models import Student


@pytest.mark.django_db
def test_the_demo_committees():
    build_demo(size="small", password="Demo-Pass-2026")
    committees = ParentCommittee.objects.filter(school__code=DEMO_CODE)
    grades = Grade.objects.filter(school__code=DEMO_CODE).count()
    assert committees.filter(level="school").count() == 1
    assert committees.filter(level="grade").count() == grades
    assert grades * 2 <= committees.filter(level="class").count() <= grades * 2 + 1
    school = committees.get(level="school")
    chair = school.seats.get(position="chair", ended_on__isnull=True)
    assert chair.guardian.student_links.filter(student__status="enrolled").exists()
    # every sitting member of a class committee has a child at school in that class
    for seat in CommitteeSeat.objects.filter(committee__school__code=DEMO_CODE, committee__level="class",
                                             ended_on__isnull=True).select_related("committee"):
        assert seat.guardian.student_links.filter(student__school_class=seat.committee.school_class,
                                                  student__status="enrolled").exists()
    assert CommitteeSeat.objects.filter(committee__school__code=DEMO_CODE, ended_on__isnull=False).count() == 1
    meetings = CommitteeMeeting.objects.filter(committee=school)
    assert {m.title for m in meetings} == {"开学初家委会工作会议", "期中家委会座谈会"}
    assert all(m.status == "approved" and m.minutes and m.attendees.exists() for m in meetings)

    parent = build_actor(User.objects.get(username="parent"))
    panel = selectors.dashboard_panel(parent)
    assert panel and panel["seats"] and panel["next_meeting"].title == "期末班级家委会会议"
    teacher = build_actor(User.objects.get(username="teacher"))
    assert selectors.dashboard_panel(teacher)["class_committees"]

    group = MutualHelpGroup.objects.get(school__code=DEMO_CODE, name="留守儿童家庭互助组")
    assert group.coordinator_staff.user.username == "teacher"
    families = set(group.members.values_list("guardian_id", flat=True))
    tagged = set(Student.objects.filter(pk__in=StudentTag.objects.filter(
        school__code=DEMO_CODE, group__code="left_behind").values("student_id")).values_list(
        "guardian_links__guardian_id", flat=True))
    assert families and families <= tagged
    assert group.meetings.count() == 2
    # the README parent is not in the group: they do not see it
    assert group not in set(selectors.groups(parent))
