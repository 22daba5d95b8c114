"""Bench job of the year-end report (PLAN-5, budget ≤ 10 s on the large school): the current year's report generated
from the school's data as the director (every app's selectors), then finalised into Word and PDF with their charts
and filed in the archive. Rolled back afterwards; the files it stored are deleted."""

from __future__ import annotations

from bench.cases import job


@job("evaluation year-end report", budget_s=10)
def year_end_report_job(ctx):
    import time

    from xinhuo.core.access import build_actor
    from xinhuo.core.selectors import current_school_year
    from xinhuo.evaluation.models import ReportStatus, YearReport
    from xinhuo.evaluation.reports import services

    director = ctx.user("director")
    actor = build_actor(director, ctx.school.pk)
    year = current_school_year(ctx.school)
    YearReport.objects.filter(school=ctx.school, school_year=year).delete()
    report = YearReport.objects.create(school=ctx.school, school_year=year, title="工作总结（测试）",
                                       status=ReportStatus.GENERATING, created_by=director)
    t0 = time.perf_counter()
    sections = services.report_generate(report.pk, director.pk)
    t1 = time.perf_counter()
    report.refresh_from_db()
    if report.error or not sections:
        raise RuntimeError(f"generation failed: {report.error}")
    report = services.report_finalise(actor=actor, report=report)
    t2 = time.perf_counter()
    sizes = {"docx_kb": round(report.docx.size / 1024), "pdf_kb": round(report.pdf.size / 1024)}
    for field in (report.docx, report.pdf):
        field.storage.delete(field.name)
    activities = len(report.sections[1]["tables"][0]["rows"]) if report.sections[1]["tables"] else 0
    return {"timed_s": t2 - t0, "generate_s": round(t1 - t0, 2), "finalise_s": round(t2 - t1, 2),
            "activity_rows": activities, **sizes}
