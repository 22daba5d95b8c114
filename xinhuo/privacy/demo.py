"""The demo school's personal data over time (ORG-9): two students who graduated, one due for erasure in three
days and one in five with the committee's hold; the demo parent's answered request to see what is held about
their child (the summary opens from it) and a correction waiting for the director."""

from __future__ import annotations

import datetime as dt

from xinhuo.core.models import User
from xinhuo.people.models import Student, StudentGuardian

from . import conf
from .models import ErasureHold, PrivacyRequest, PrivacyRequestStep, RequestKind, RequestStatus


def build(ctx) -> None:
    if not ctx.named:
        return
    school, today = ctx.school, ctx.today
    years = conf.retention_years()
    leavers = list(Student.objects.filter(school=school, status=Student.Status.ENROLLED).order_by("-pk")[:2])
    for student, days in zip(leavers, (3, 5), strict=False):
        left = conf.years_before(today, years) + dt.timedelta(days=days)
        Student.objects.filter(pk=student.pk).update(status=Student.Status.GRADUATED, left_on=left)
    if len(leavers) == 2 and ctx.director is not None:
        ErasureHold.objects.create(school=school, student=leavers[1], held_by=ctx.director,
                                   reason="毕业生学籍纠纷处理中，暂缓删除")
    parent = User.objects.filter(username="parent").first()
    link = StudentGuardian.objects.filter(guardian__user=parent, student__school=school).first()
    if parent is None or link is None:
        return
    now = dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC)
    answered = now - dt.timedelta(days=2)
    seen = PrivacyRequest.objects.create(
        school=school, student_id=link.student_id, kind=RequestKind.ACCESS, status=RequestStatus.DONE,
        text="想了解平台保存了孩子哪些信息。", filed_by=parent, filed_at=now - dt.timedelta(days=12),
        due_on=today + dt.timedelta(days=3), answer="已核对，可在本页打开并打印信息清单。",
        answered_at=answered)
    wrong = PrivacyRequest.objects.create(
        school=school, student_id=link.student_id, kind=RequestKind.CORRECTION, text="家庭住址已变更，请更新为新地址。",
        filed_by=parent, filed_at=now - dt.timedelta(days=1),
        due_on=today + dt.timedelta(days=conf.request_days() - 1))
    PrivacyRequestStep.objects.bulk_create([
        PrivacyRequestStep(request=seen, to_status=RequestStatus.OPEN, by=parent, at=seen.filed_at),
        PrivacyRequestStep(request=seen, from_status=RequestStatus.OPEN, to_status=RequestStatus.DONE,
                           by=ctx.director, at=answered, comment=seen.answer),
        PrivacyRequestStep(request=wrong, to_status=RequestStatus.OPEN, by=parent, at=wrong.filed_at),
    ])
