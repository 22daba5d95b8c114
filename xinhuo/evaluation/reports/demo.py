"""The demo school's year-end report: a draft of the current school year, generated from the demo data exactly as the
committee's button does (as the director, through every app's selectors), so the page, its charts and finalising can
be tried at once. The second school has none. Its time is the generation's (bench: evaluation report)."""

from __future__ import annotations

from xinhuo.core.selectors import current_school_year

from .models import ReportStatus, YearReport
from .services import report_generate


def build(ctx) -> None:
    if not ctx.named or ctx.director is None:
        return
    year = current_school_year(ctx.school)
    if year is None:
        return
    report = YearReport.objects.create(school=ctx.school, school_year=year, status=ReportStatus.GENERATING,
                                       title=f"{ctx.school.name}关工委{year.name}工作总结"[:120],
                                       created_by=ctx.director)
    report_generate(report.pk, ctx.director.pk)
