"""Access-matrix cases of the year-end report (PLAN-5).

The committee (director, leader) generates, reads, edits, finalises, submits and downloads its school's report;
every other role gets 404 (pages and API). The outsider is a director of another school: their own school's list
opens, this school's reports are 404."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

COMMITTEE = {"director", "leader"}
OWN_SCHOOL = {"outsider"}
SECTIONS = [{"key": "basics", "heading": "一、基本情况", "text": "基本情况。", "tables": [], "charts": []},
            {"key": "next", "heading": "五、下一步打算", "text": "下一步。", "tables": [], "charts": []}]


def _report(w, status: str):
    from django.core.files.base import ContentFile

    from xinhuo.evaluation.models import YearReport

    found = YearReport.objects.filter(school=w.school, school_year=w.year).first()
    if found is None:
        found = YearReport.objects.create(school=w.school, school_year=w.year, title="2026-2027学年工作总结",
                                          status=status, progress=100, sections=SECTIONS, generated=SECTIONS,
                                          created_by=w.users["director"])
        if status != "draft":
            found.docx.save("matrix.docx", ContentFile(b"PK docx"), save=False)
            found.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.4"), save=False)
            found.docx_name, found.pdf_name = "总结.docx", "总结.pdf"
            found.save()
    return found.pk


def draft(w, e=None):
    return _report(w, "draft")


def final(w, e=None):
    return _report(w, "final")


def basics(w, e=None):
    return "basics"


CASES: list = [
    Case("evaluation:reports-home", COMMITTEE | OWN_SCHOOL),
    # a generation asked without a year: refused with the form again (400), nothing written
    Case("evaluation:reports-home", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"school_year": ""}),
    Case("evaluation:reports-detail", COMMITTEE, kwargs=k(pk=draft)),
    Case("evaluation:reports-progress", COMMITTEE, kwargs=k(pk=draft)),
    Case("evaluation:reports-regenerate", COMMITTEE, ok=302, method="post", kwargs=k(pk=draft)),
    Case("evaluation:reports-section", COMMITTEE, kwargs=k(pk=draft, key=basics)),
    Case("evaluation:reports-section", COMMITTEE, ok=302, method="post", kwargs=k(pk=draft, key=basics),
         data={"text": "改写的基本情况。"}),
    Case("evaluation:reports-section-reset", COMMITTEE, ok=302, method="post", kwargs=k(pk=draft, key=basics)),
    Case("evaluation:reports-finalise", COMMITTEE, ok=302, method="post", kwargs=k(pk=draft)),
    Case("evaluation:reports-submit", COMMITTEE, ok=302, method="post", kwargs=k(pk=final)),
    Case("evaluation:reports-docx", COMMITTEE, kwargs=k(pk=final)),
    Case("evaluation:reports-pdf", COMMITTEE, kwargs=k(pk=final)),
    # -- API
    Case("api:evaluation-report-list", COMMITTEE | OWN_SCHOOL, api=True),
    Case("api:evaluation-report-list", COMMITTEE | OWN_SCHOOL, ok=400, method="post", data={"school_year": "x"},
         api=True),
    Case("api:evaluation-report-detail", COMMITTEE, kwargs=k(pk=draft), api=True),
    Case("api:evaluation-report-sections", COMMITTEE, method="patch", kwargs=k(pk=draft), api=True,
         data={"key": "basics", "text": "改写。"}),
    Case("api:evaluation-report-finalise", COMMITTEE, method="post", kwargs=k(pk=draft), api=True),
    Case("api:evaluation-report-submit", COMMITTEE, method="post", kwargs=k(pk=final), api=True),
    Case("api:evaluation-report-docx", COMMITTEE, kwargs=k(pk=final), api=True),
    Case("api:evaluation-report-pdf", COMMITTEE, kwargs=k(pk=final), api=True),
]
