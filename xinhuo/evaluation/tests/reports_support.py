"""A small school year for the year-end report's tests: three activities of the year (one rejected and one of
another school that must not count), the year's plan from the 综合 template with one task done, an elder's service
hours, and helpers that generate a report as the director (the task runs on commit, immediately in tests)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone

from xinhuo.activities.models import Activity, ActivityStatus
from xinhuo.evaluation.models import YearReport
from xinhuo.evaluation.reports import services

TZ = timezone.get_current_timezone()


def when(month: int, day: int) -> dt.datetime:
    year = 2026 if month >= 9 else 2027
    return dt.datetime(year, month, day, 9, 0, tzinfo=TZ)


def an_activity(w, title: str, start: dt.datetime, *, status=ActivityStatus.SUMMARISED, school=None,
                participants: int | None = 40, summary: str = "活动圆满完成") -> Activity:
    return Activity.objects.create(school=school or w.school, title=title, kind="volunteer", starts_at=start,
                                   ends_at=start + dt.timedelta(hours=2), organiser=w.users["director"],
                                   status=status, participants=participants, summary=summary)


def small_year(w) -> None:
    from xinhuo.elders.models import ServiceRecord

    an_activity(w, "红色故事宣讲", when(9, 20), participants=120)
    an_activity(w, "重阳敬老", when(10, 15), participants=60)
    an_activity(w, "学雷锋志愿服务", when(10, 28), status=ActivityStatus.APPROVED, participants=None, summary="")
    an_activity(w, "被退回的活动", when(11, 3), status=ActivityStatus.REJECTED)
    an_activity(w, "外校活动", when(11, 5), school=w.other)
    ServiceRecord.objects.create(school=w.school, elder=w.elder, date=dt.date(2026, 10, 15), hours="3.5",
                                 source="other")


def generate(w, django_capture_on_commit_callbacks, persona: str = "director", **kw) -> YearReport:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_start(actor=w.actor(persona), school_year=w.year, **kw)
    report.refresh_from_db()
    return report


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))
