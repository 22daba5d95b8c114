"""A student's class history (ClassChange): the one writer, for the student services and the rollover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .models import ClassChange, Student


def change(student: Student, kind: str, *, on: dt.date, from_class=None, to_class=None, reason: str = "",
           user_id: int | None = None, rollover: str | None = None) -> ClassChange:
    """Record one step; the class labels are taken now, so a class renamed later keeps its name of that day."""
    return ClassChange(
        school_id=student.school_id, student=student, kind=kind, on=on,
        from_class=from_class, to_class=to_class,
        from_label=str(from_class) if from_class else "", to_label=str(to_class) if to_class else "",
        reason=reason[:200], recorded_by_id=user_id, rollover=rollover,
    )


def record(student: Student, kind: str, **kwargs) -> ClassChange:
    row = change(student, kind, **kwargs)
    row.save()
    return row


def record_many(rows: Iterable[ClassChange]) -> int:
    """Write many steps at once (the rollover: thousands of students)."""
    return len(ClassChange.objects.bulk_create(list(rows), batch_size=500))


def of_student(student: Student):
    return (ClassChange.objects.filter(student=student)
            .select_related("recorded_by").order_by("on", "pk"))
