"""Access-matrix cases of the county view (ORG-8).

Only the county committee's account (persona `county`, a member of the world's county, which holds the world's
school) reaches these pages and endpoints; every school role, the outsider and the anonymous visitor get 404 (or the
login). The county account itself gets 404 on every school page and API: the other apps' cases do not list it."""

from __future__ import annotations

from xinhuo.core.tests.matrix import COUNTY, Case, k

ONLY = {COUNTY}


def submitted(w, e=None) -> int:
    """A submitted report of the world's school, with its Word file (memory storage in tests)."""
    from django.core.files.base import ContentFile

    from xinhuo.evaluation.models import ReportStatus, YearReport

    found = YearReport.objects.filter(school=w.school, school_year=w.year).first()
    if found:
        return found.pk
    report = YearReport(school=w.school, school_year=w.year, title="2026-2027学年关工委工作总结",
                        status=ReportStatus.SUBMITTED, docx_name="2026-2027学年关工委工作总结.docx")
    report.docx.save("summary.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
    report.save()
    return report.pk


CASES = [
    Case("evaluation:county-home", ONLY),
    Case("evaluation:county-reports", ONLY),
    Case("evaluation:county-school", ONLY, kwargs=k(pk=lambda w, e: w.school.pk)),
    Case("evaluation:county-report-file", ONLY, kwargs=k(pk=submitted, fmt=lambda w, e: "docx")),
    Case("api:evaluation-county-scores", ONLY, api=True),
    Case("api:evaluation-county-school", ONLY, api=True, kwargs=k(pk=lambda w, e: w.school.pk)),
]
