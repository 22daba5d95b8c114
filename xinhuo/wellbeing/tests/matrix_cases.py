"""Access-matrix cases of the follow-up case pages.

A live case on student_x (class A) with a task for the head teacher and a referral: the counsellor runs it; the
head teacher of class A and the parent of student_x read it (the head teacher ticks their task, the parent
replies); head teacher B lists only their own classes' cases and gets 404 on it; everyone else 404 (or, for the
list, the page is not in their navigation: 404 by capability)."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

VIEWERS = {"counsellor", "head_teacher_a", "head_teacher_b", "parent_x"}
COUNSELLOR = {"counsellor"}


def live_case(w, e=None):
    from xinhuo.wellbeing.models import Case as FollowUp

    found = FollowUp.objects.filter(school=w.school, student=w.student_x).exclude(status="closed").first()
    if found:
        return found.pk
    return FollowUp.objects.create(school=w.school, student=w.student_x, counsellor=w.users["counsellor"],
                                   notes="笔记", family_request="请多陪伴").pk


def head_teacher_task(w, e=None):
    from xinhuo.wellbeing.models import CaseTask

    case = live_case(w)
    found = CaseTask.objects.filter(case_id=case, party="head_teacher").first()
    return (found or CaseTask.objects.create(case_id=case, party="head_teacher", text="谈心")).pk


def referral(w, e=None):
    import datetime as dt

    from xinhuo.wellbeing.models import Referral

    case = live_case(w)
    found = Referral.objects.filter(case_id=case).first()
    return (found or Referral.objects.create(
        school=w.school, case_id=case, agency="医院", agency_kind="hospital", consent_by="母亲",
        consent_on=dt.date(2026, 9, 1), referred_on=dt.date(2026, 9, 2))).pk


CASES: list = [
    Case("wellbeing:cases", VIEWERS),
    Case("wellbeing:case-new", COUNSELLOR),
    Case("wellbeing:case-detail", {"counsellor", "head_teacher_a", "parent_x"}, kwargs=k(pk=live_case)),
    Case("wellbeing:case-step", COUNSELLOR, ok=302, method="post", data={"action": "contact"},
         kwargs=k(pk=live_case)),
    Case("wellbeing:case-edit", COUNSELLOR, ok=302, method="post", data={"risk": 1, "notes": "新笔记"},
         kwargs=k(pk=live_case)),
    Case("wellbeing:case-task-add", COUNSELLOR, ok=302, method="post", data={"party": "family", "text": "陪伴"},
         kwargs=k(pk=live_case)),
    Case("wellbeing:case-task-done", {"counsellor", "head_teacher_a"}, ok=302, method="post",
         data={"note": "已完成"}, kwargs=k(pk=live_case, task=head_teacher_task)),
    Case("wellbeing:case-message", {"counsellor", "parent_x"}, ok=302, method="post", data={"text": "收到"},
         kwargs=k(pk=live_case)),
    Case("wellbeing:case-referral-add", COUNSELLOR, ok=302, method="post",
         data={"agency_kind": "hospital", "agency": "医院", "consent_by": "父亲", "consent_on": "2026-09-01",
               "referred_on": "2026-09-02"}, kwargs=k(pk=live_case)),
    Case("wellbeing:case-referral-update", COUNSELLOR, ok=302, method="post", data={"outcome": "已就诊"},
         kwargs=k(pk=live_case, referral=referral)),
]

# the API: each party reads its part; the family (and the counsellor) reply; a task without its id is a 400 for
# those who read the case
READERS = {"counsellor", "head_teacher_a", "parent_x"}
CASES += [
    Case("api:wellbeing-case-list", VIEWERS, api=True),
    Case("api:wellbeing-case-detail", READERS, kwargs=k(pk=live_case), api=True),
    Case("api:wellbeing-case-reply", {"counsellor", "parent_x"}, method="post", data={"text": "收到"},
         kwargs=k(pk=live_case), api=True),
    Case("api:wellbeing-case-task-done", READERS, ok=400, method="post", kwargs=k(pk=live_case), api=True),
    Case("api:wellbeing-case-step", COUNSELLOR, ok=400, method="post", kwargs=k(pk=live_case), api=True),
]
