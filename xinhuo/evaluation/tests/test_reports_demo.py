"""The demo school's year-end report: a draft of the current year generated from the demo data, with the plan's
sections and the year's activities; the second school has none."""

from __future__ import annotations

import pytest

from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.evaluation.models import ReportStatus, YearReport


@pytest.mark.django_db
def test_the_demo_report_is_a_generated_draft():
    build_demo(size="small", password="Demo-Pass-2026")
    director = User.objects.get(username="director")
    [report] = YearReport.objects.all()
    assert report.status == ReportStatus.DRAFT and report.error == "" and report.created_by == director
    keys = [s["key"] for s in report.sections]
    assert keys == ["basics", "work", "highlights", "problems", "next"]
    work = report.sections[1]
    assert "依据《" in work["text"]  # the demo's adopted plan
    assert work["tables"] and work["tables"][0]["rows"]  # the year's activities
