"""The county committee's journey on a 390 px phone (Playwright): it logs in and lands on its dashboard, switches
the year, opens a school's indicators and downloads a submitted report; nothing is wider than the phone and a
school page of the platform is a 404 to it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from xinhuo.core.models import SchoolYear
from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.evaluation.models import ReportStatus, Snapshot, YearReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _snapshots(world):
    old = SchoolYear.objects.create(school=world.school, name="2025-2026学年", start=dt.date(2025, 9, 1),
                                    end=dt.date(2026, 7, 15))
    for year, score in ((old, 70), (world.year, 90)):
        for code, dim, weight, dim_weight in (("a", "org", 100, 40), ("b", "care", 100, 60)):
            Snapshot.objects.create(school=world.school, school_year=year, year_name=year.name, period="year",
                                    indicator_code=code, dimension_code=dim, name=f"指标名称用于手机换行{code}",
                                    dimension_name=f"维度{dim}", unit="%", value=Decimal(score),
                                    target=Decimal(90), score=Decimal(score), weight=Decimal(weight),
                                    dimension_weight=Decimal(dim_weight))
    report = YearReport(school=world.school, school_year=world.year, title="2026-2027学年关工委工作总结",
                        status=ReportStatus.SUBMITTED, docx_name="2026-2027学年关工委工作总结.docx")
    report.docx.save("summary.docx", ContentFile(b"PK\x03\x04 word"), save=False)
    report.save()
    return report


def test_the_county_reads_its_dashboard_on_a_phone(new_page, world):  # noqa: F811
    cache.clear()
    report = _snapshots(world)
    page = new_page()
    log_in(page, "county")
    expect(page).to_have_url(re.compile(r"/evaluation/county/$"))
    expect(page.locator(f"#county-schools tr[data-school='{world.school.pk}'] [data-total]")).to_have_text("90.00")
    assert_fits_phone(page)
    page.select_option("#county-year", "2025-2026学年")
    with page.expect_navigation():
        page.click("#county-switch-go")
    expect(page.locator(f"#county-schools tr[data-school='{world.school.pk}'] [data-total]")).to_have_text("70.00")
    with page.expect_navigation():
        page.click(f"#county-schools tr[data-school='{world.school.pk}'] a")
    expect(page.locator("#county-school-total")).to_have_text("70.00")
    expect(page.locator("[data-indicator]")).to_have_count(2)
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("#county-nav-reports")
    assert_fits_phone(page)
    with page.expect_download() as download:
        page.click(f"#county-reports li[data-report='{report.pk}'] a")
    assert download.value.suggested_filename == "2026-2027学年关工委工作总结.docx"
    response = page.goto("/people/students/")
    assert response is not None and response.status == 404
