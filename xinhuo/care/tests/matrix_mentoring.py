"""Access-matrix cases: the mentoring part of the care app, pages and API.

The mentoring managers (director, leader, counsellor) keep the mentors and make and end the pairs; the elder
persona (周老) is the growth mentor of student_x (张小明, class_a): they see and log their own pair, and may reveal
the primary guardian's phone; head_teacher_a sees the pairs of class_a; everyone with mentoring.view opens "my
mentees" (an empty state when not a mentor) and the pairs list (scoped, possibly empty). The admin (technical) and
parents never reach mentoring. The other school's director (outsider) manages their own school: they open the pages
without an object and get 404 on this school's objects.
"""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k

MANAGERS = {"director", "leader", "counsellor"}
ANY_MANAGERS = MANAGERS | {"outsider"}
VIEWERS = ANY_MANAGERS | {"head_teacher_a", "head_teacher_b", "finance", "elder", "student_x", "student_y"}
PAIR_SEERS = MANAGERS | {"head_teacher_a", "elder"}  # the committee, student_x's head teacher, the mentor


def elder_mentor(w, e):
    from xinhuo.care.models import Mentor, MentorKind

    return Mentor.objects.get_or_create(school=w.school, elder=w.elder,
                                        defaults={"kind": MentorKind.ELDER, "name": w.elder.name})[0].pk


def volunteer(w, e):
    from xinhuo.care.models import Mentor, MentorKind

    return Mentor.objects.create(school=w.school, kind=MentorKind.VOLUNTEER, name="王志愿", phone="13600001111").pk


def pair(w, e):
    """周老 (the elder persona) mentors 张小明 (student_x), whose primary guardian is 张大明."""
    from xinhuo.care.models import MentoringPair

    return MentoringPair.objects.create(school=w.school, mentor_id=elder_mentor(w, e), student=w.student_x,
                                        needs=["academic"], started_on=dt.date.today() - dt.timedelta(days=3)).pk


def ended_pair(w, e):
    """周老's pair with 张小明, ended without a summary (as the year's rollover ends a graduate's pairs)."""
    from xinhuo.care.models import MentoringPair

    today = dt.date.today()
    return MentoringPair.objects.create(school=w.school, mentor_id=elder_mentor(w, e), student=w.student_x,
                                        needs=["academic"], started_on=today - dt.timedelta(days=30),
                                        ended_on=today - dt.timedelta(days=1)).pk


CASES: list = [
    # growth mentors (MEN-1): the mentoring managers
    Case("care:mentors", ANY_MANAGERS),
    Case("care:mentor-new", ANY_MANAGERS),
    Case("care:mentor-edit", MANAGERS, kwargs=k(pk=elder_mentor)),
    Case("care:mentor-reveal", MANAGERS, method="post", kwargs=k(pk=volunteer)),
    # mentoring pairs (MEN-2..4)
    Case("care:pairs", VIEWERS),
    Case("care:pair-new", ANY_MANAGERS),
    Case("care:pair-detail", PAIR_SEERS, kwargs=k(pk=pair)),
    Case("care:pair-end", MANAGERS, kwargs=k(pk=pair)),
    Case("care:pair-contact", MANAGERS | {"elder"}, kwargs=k(pk=pair)),
    # the closing summary of a pair ended without one: its mentor or a manager
    Case("care:pair-summary", MANAGERS | {"elder"}, kwargs=k(pk=ended_pair)),
    Case("care:mentee-guardian-reveal", {"elder"}, method="post", kwargs=k(pk=pair)),
    Case("care:mentees", VIEWERS),
    # API
    Case("api:care-mentor-list", ANY_MANAGERS, api=True),
    Case("api:care-mentor-detail", MANAGERS, kwargs=k(pk=elder_mentor), api=True),
    Case("api:care-pair-list", VIEWERS, api=True),
    Case("api:care-pair-detail", PAIR_SEERS, kwargs=k(pk=pair), api=True),
    Case("api:care-pair-contacts", MANAGERS | {"elder"}, ok=400, method="post", kwargs=k(pk=pair), api=True),
    Case("api:care-pair-summary", MANAGERS | {"elder"}, method="post", kwargs=k(pk=ended_pair),
         data={"summary": "数学成绩稳步提高"}, api=True),
    Case("api:care-pair-guardian-phone", {"elder"}, method="post", kwargs=k(pk=pair), api=True),
    Case("api:care-match-list", ANY_MANAGERS, ok=400, api=True),
]
