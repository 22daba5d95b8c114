"""Access-matrix cases: team part of the elders app (apprenticeship pairs, young teachers, research projects, awards,
the honour wall), pages and API. The records are made on demand (get_or_create) by the helpers below, which
the team's tests use too. The matrix has no young-teacher persona: test_young_teachers_access.py covers one."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from conftest import make_user
from xinhuo.core.models import Role
from xinhuo.core.tests.matrix import EVERYONE, Case, k
from xinhuo.elders.models import ApprenticeshipPair, Award, Elder, ResearchProject, YoungTeacher
from xinhuo.people.models import Staff

ELDER_MANAGERS = {"admin", "director", "leader"}
TEAM = ELDER_MANAGERS | {"elder"}  # roles with young_teachers.view in the world (no young teacher persona)


def young_teacher(w, staff_no: str = "T0901", name: str = "林青") -> YoungTeacher:
    """A young teacher of the reserve in the world's school (not mentored by anyone yet)."""
    staff, _ = Staff.objects.get_or_create(school=w.school, staff_no=staff_no,
                                           defaults={"name": name, "gender": "F", "subject": "语文"})
    yt, _ = YoungTeacher.objects.get_or_create(school=w.school, staff=staff,
                                               defaults={"joined_on": dt.date(2026, 9, 1)})
    return yt


def teacher_pair(w) -> ApprenticeshipPair:
    """The world's elder 周老 mentoring the young teacher 林青 (青年导师制)."""
    yt = young_teacher(w)
    pair, _ = ApprenticeshipPair.objects.get_or_create(
        school=w.school, kind=ApprenticeshipPair.Kind.YOUNG_TEACHER, mentor=w.elder, mentee_teacher=yt, ended_on=None,
        defaults={"started_on": dt.date(2026, 9, 10), "goals": "指导主题班会设计"})
    return pair


def mentored_teacher(w) -> YoungTeacher:
    return teacher_pair(w).mentee_teacher  # type: ignore[return-value]


def project(w) -> ResearchProject:
    """A research project led by 林青 with 周老 as its advisor."""
    yt = young_teacher(w)
    p, created = ResearchProject.objects.get_or_create(
        school=w.school, title="“五老”参与德育的实践研究", leader=yt,
        defaults={"started_on": dt.date(2026, 9, 15), "level": "县级"})
    if created:
        p.advisors.add(w.elder)
    return p


def award(w) -> Award:
    """An award to the world's elder 周老, on the honour wall."""
    a, _ = Award.objects.get_or_create(
        school=w.school, certificate_no="XH2026-001",
        defaults={"elder": w.elder, "title": "优秀五老", "level": Award.Level.COUNTY,
                  "awarded_on": dt.date(2026, 11, 29), "issuer": "县关工委",
                  "citation": "热心关心下一代工作，长期坚持进校园宣讲。"})
    return a


def pair_pk(w, e):
    return teacher_pair(w).pk


CASES: list = [
    # apprenticeship pairs: the committee all; an elder their own (as mentor or mentee); ending is the committee's
    Case("elders:pairs", TEAM | {"outsider"}),
    Case("elders:pair-new", ELDER_MANAGERS | {"outsider"}),
    Case("elders:pair-detail", TEAM, kwargs=k(pk=pair_pk)),
    Case("elders:pair-end", ELDER_MANAGERS, kwargs=k(pk=pair_pk)),
    # the young teacher reserve: an elder sees the young teachers they mentor
    Case("elders:young-teachers", TEAM | {"outsider"}),
    Case("elders:young-teacher-new", ELDER_MANAGERS | {"outsider"}),
    Case("elders:young-teacher-detail", TEAM, kwargs=k(pk=lambda w, e: mentored_teacher(w).pk)),
    # the committee takes a young teacher out of the reserve (and back)
    Case("elders:young-teacher-active", ELDER_MANAGERS, ok=302, method="post",
         kwargs=k(pk=lambda w, e: young_teacher(w).pk), data={"active": "0"}),
    Case("elders:young-teacher-stage", ELDER_MANAGERS, ok=400, method="post",
         kwargs=k(pk=lambda w, e: mentored_teacher(w).pk)),
    Case("elders:participation-new", ELDER_MANAGERS, ok=400, method="post",
         kwargs=k(pk=lambda w, e: mentored_teacher(w).pk)),
    # the appraisal export: the committee (all, or one) and a young teacher (own); a mentor elder does not export
    Case("elders:young-teacher-export", ELDER_MANAGERS | {"outsider"}),
    Case("elders:projects", TEAM | {"outsider"}),
    Case("elders:project-new", ELDER_MANAGERS | {"outsider"}),
    Case("elders:project-edit", ELDER_MANAGERS, kwargs=k(pk=lambda w, e: project(w).pk)),
    # awards: the committee all, an elder their own; the certificate likewise; the honour wall for everyone
    Case("elders:awards", TEAM | {"outsider"}),
    Case("elders:award-new", ELDER_MANAGERS | {"outsider"}),
    Case("elders:award-certificate", TEAM, kwargs=k(pk=lambda w, e: award(w).pk)),
    Case("elders:award-wall", ELDER_MANAGERS, ok=302, method="post", data={"on_wall": "0"},
         kwargs=k(pk=lambda w, e: award(w).pk)),
    Case("elders:honour-wall", EVERYONE),
    # API
    Case("api:elder-award-list", EVERYONE, api=True),
    Case("api:young-teacher-list", TEAM | {"outsider"}, api=True),
    Case("api:young-teacher-detail", TEAM, kwargs=k(pk=lambda w, e: mentored_teacher(w).pk), api=True),
    Case("api:elder-pair-list", TEAM | {"outsider"}, api=True),
    Case("api:elder-pair-detail", TEAM, kwargs=k(pk=pair_pk), api=True),
    Case("api:elder-pair-end", ELDER_MANAGERS, method="post", kwargs=k(pk=pair_pk),
         data={"summary": "一学期结对完成"}, api=True),
]


# --- helpers of the team's tests (the matrix itself has no young-teacher persona) -------------------------


def other_elder(w, name: str = "李老", username: str | None = None, **fields) -> Elder:
    """Another elder of the world's school; with `username`, with an elder account too."""
    user = make_user(username, w.school, Role.ELDER) if username else None
    return Elder.objects.create(school=w.school, name=name, gender="M", category=Elder.Category.TEACHER, user=user,
                                **fields)


def young_teacher_login(w, username: str = "young", staff_no: str = "T0902", name: str = "王青"):
    """A young teacher with an account (Role.YOUNG_TEACHER), a staff record and a place in the reserve;
    returns (young teacher, logged-in client)."""
    user = make_user(username, w.school, Role.YOUNG_TEACHER)
    staff = Staff.objects.create(school=w.school, staff_no=staff_no, name=name, gender="M", subject="数学", user=user)
    yt = YoungTeacher.objects.create(school=w.school, staff=staff, joined_on=dt.date(2026, 9, 1))
    client = Client()
    client.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    return yt, client
