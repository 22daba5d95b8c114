from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.people.models import Student
from xinhuo.privacy import conf
from xinhuo.privacy.models import ErasureHold, PrivacyRequest, PrivacyRequestStep, RequestKind, RequestStatus


def a_request(w, kind=RequestKind.CORRECTION, status=RequestStatus.OPEN, student=None, by="parent_x",
              due_in=15) -> PrivacyRequest:
    student = student or w.student_x
    r = PrivacyRequest.objects.create(school=student.school, student=student, kind=kind, status=status,
                                      text="住址写错了", filed_by=w.users[by],
                                      due_on=timezone.localdate() + dt.timedelta(days=due_in))
    PrivacyRequestStep.objects.create(request=r, to_status=RequestStatus.OPEN, by=w.users[by])
    return r


def left(student, *, years_ago: int | None = None, days: int = 0, status=Student.Status.GRADUATED):
    """Mark the student as left: `years_ago` retention periods (default the configured one) minus `days` ago."""
    years = conf.retention_years() if years_ago is None else years_ago
    day = conf.years_before(timezone.localdate(), years) + dt.timedelta(days=days)
    Student.objects.filter(pk=student.pk).update(status=status, left_on=day)
    student.refresh_from_db()
    return student


def a_hold(w, student, reason="学籍纠纷") -> ErasureHold:
    return ErasureHold.objects.create(school=student.school, student=student, reason=reason,
                                      held_by=w.users["director"])
