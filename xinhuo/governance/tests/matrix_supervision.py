"""Access-matrix cases of supervision (PLAN-4): inspections, rectification items, accountability records.

The committee (director, leader) runs inspections and verifies items; head teacher A owns the rectification item
and submits its evidence; the other staff see the list (their own items: none) and nothing else; accountability
records are the leading group's: the cases put the leader in the leading group, so the director (not in it) gets
404 like everyone else. Parents, students, elders and the administrator see nothing (404). The outsider is a
director of another school: their own lists open, this school's records are 404."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
STAFF = COMMITTEE | {"head_teacher_a", "head_teacher_b", "counsellor", "finance"}
OWN_SCHOOL = {"outsider"}
OWNER = {"head_teacher_a"}


def inspection(w, e=None):
    from xinhuo.governance.models import ChecklistItem, Inspection

    found = Inspection.objects.filter(school=w.school, title="测试自查").first()
    if found:
        return found.pk
    made = Inspection.objects.create(school=w.school, kind="self", title="测试自查", held_on=w.year.start)
    ChecklistItem.objects.create(inspection=made, order=1, text="组织建设", max_score=10)
    return made.pk


def item(w, e=None):
    from xinhuo.governance.models import ChecklistItem

    return ChecklistItem.objects.filter(inspection_id=inspection(w)).values_list("pk", flat=True)[0]


def rectification(w, e=None, status="open", problem="例会记录不全"):
    from django.core.files.base import ContentFile

    from xinhuo.governance.models import Rectification

    found = Rectification.objects.filter(school=w.school, problem=problem).first()
    if found:
        return found.pk
    made = Rectification(school=w.school, inspection_id=inspection(w), problem=problem, measure="补齐记录",
                         owner=w.users["head_teacher_a"], due_on=w.year.start + dt.timedelta(days=30), status=status,
                         evidence_name="证明.pdf")
    made.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    made.save()
    return made.pk


def failed(w, e=None):
    return rectification(w, e, status="failed", problem="家访未落实")


def leading(w) -> None:
    from xinhuo.core.models import CommitteeMember

    CommitteeMember.objects.filter(pk=w.committee_member.pk).update(user=w.users["leader"])


def accountability(w, e=None):
    from xinhuo.governance.models import Accountability

    leading(w)
    found = Accountability.objects.filter(school=w.school).first()
    if found:
        return found.pk
    return Accountability.objects.create(school=w.school, rectification_id=failed(w), person_name="陈老师",
                                         decided_on=w.year.start, measure="约谈", reason="整改未落实").pk


def as_leading(fn):
    def kwargs(w, e):
        leading(w)
        return fn(w, e)
    return kwargs


INSPECTION = k(pk=inspection)
R = k(pk=rectification)
LEADING = {"leader"}

CASES: list = [
    Case("governance:supervision-home", STAFF | OWN_SCHOOL),
    Case("governance:supervision-inspections", COMMITTEE | OWN_SCHOOL),
    Case("governance:supervision-inspection-new", COMMITTEE | OWN_SCHOOL),
    Case("governance:supervision-inspection-new", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"title": ""}),
    Case("governance:supervision-inspection", COMMITTEE, kwargs=INSPECTION),
    Case("governance:supervision-inspection-edit", COMMITTEE, kwargs=INSPECTION),
    Case("governance:supervision-item-add", COMMITTEE, ok=302, method="post", kwargs=INSPECTION, data={"text": ""}),
    Case("governance:supervision-item-edit", COMMITTEE, kwargs=k(pk=inspection, item_pk=item)),
    Case("governance:supervision-item-delete", COMMITTEE, ok=302, method="post",
         kwargs=k(pk=inspection, item_pk=item)),
    Case("governance:supervision-inspection-done", COMMITTEE, ok=302, method="post", kwargs=INSPECTION),
    Case("governance:supervision-report", COMMITTEE, kwargs=INSPECTION),
    Case("governance:supervision-rectification-new", COMMITTEE, kwargs=INSPECTION),
    Case("governance:supervision-rectification", COMMITTEE | OWNER, kwargs=R),
    Case("governance:supervision-rectification-submit", OWNER, ok=302, method="post", kwargs=R,
         data={"evidence": ""}),
    # verification is the committee's; the owner sees the item but cannot take the step
    Case("governance:supervision-rectification-step", COMMITTEE, ok=302, method="post", kwargs=R,
         data={"action": "close"}),
    Case("governance:supervision-evidence", COMMITTEE | OWNER, kwargs=R),
    # accountability: the leading group only (the leader here), never the director who is not in it
    Case("governance:supervision-accountability", LEADING, kwargs=as_leading(lambda w, e: {})),
    Case("governance:supervision-accountability-new", LEADING, kwargs=as_leading(k(pk=failed))),
    # -- API
    Case("api:supervision-inspection-list", COMMITTEE | OWN_SCHOOL, api=True),
    Case("api:supervision-inspection-detail", COMMITTEE, kwargs=INSPECTION, api=True),
    Case("api:supervision-rectification-list", STAFF | OWN_SCHOOL, api=True),
    Case("api:supervision-rectification-detail", COMMITTEE | OWNER, kwargs=R, api=True),
    Case("api:supervision-rectification-submit", OWNER, ok=400, method="post", kwargs=R, api=True),
    Case("api:supervision-rectification-step", COMMITTEE, ok=400, method="post", kwargs=R, api=True),
    Case("api:supervision-accountability-list", LEADING, kwargs=as_leading(lambda w, e: {}), api=True),
    Case("api:supervision-accountability-detail", LEADING, kwargs=k(pk=accountability), api=True),
]
