"""The demo school's parent school: the term's four courses, sessions from September to December (the held ones
with plausible attendance, one coming and open), the online session's micro-lecture with its quiz, the README's
parent with three sessions attended, one coming and a certificate."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.demo import DEMO_CODE, build_demo
from xinhuo.core.models import User
from xinhuo.family.models import ExcellentParent, MicroLecture, ParentCourse, ParentSession, SessionRegistration
from xinhuo.family.school import selectors


@pytest.mark.django_db
def test_the_demo_parent_school():
    build_demo(size="small", password="Demo-Pass-2026")
    courses = ParentCourse.objects.filter(school__code=DEMO_CODE)
    assert {c.title for c in courses} == {"新生家长入学课程", "青春期心理与亲子沟通", "家庭教育促进法解读",
                                          "防溺水与交通安全"}
    assert [g.level for g in courses.get(title="新生家长入学课程").grades.all()] == [7]
    sessions = list(ParentSession.objects.filter(course__school__code=DEMO_CODE))
    assert len(sessions) == 7 and all(s.starts_at.year == 2026 and s.starts_at.month >= 9 for s in sessions)
    now = timezone.now()
    past = [s for s in sessions if s.starts_at < now]
    assert len(past) == 6
    for s in past:
        regs = SessionRegistration.objects.filter(session=s)
        came = regs.filter(attended_at__isnull=False).count()
        assert regs.count() > 20 and 0.7 < came / regs.count() < 1, s
    lecture = MicroLecture.objects.get(course__school__code=DEMO_CODE)
    assert lecture.questions.count() == 3 and lecture.media and lecture.session.mode == "online"
    parent = build_actor(User.objects.get(username="parent"))
    record = selectors.my_record(parent)
    assert record["attended"] == 3 and len(record["upcoming"]) == 1 and len(record["certificates"]) == 1
    assert selectors.open_sessions(parent).count() == 1
    assert ExcellentParent.objects.filter(school__code=DEMO_CODE).count() >= 5
    director = build_actor(User.objects.get(username="director"))
    rows = selectors.class_attendance(director)
    assert all(0 < r["pct"] <= 100 for r in rows) and sum(r["never"] for r in rows) > 0
    assert not ParentCourse.objects.exclude(school__code=DEMO_CODE).exists()
