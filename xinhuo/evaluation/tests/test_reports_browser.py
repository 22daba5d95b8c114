"""The director's year-end report journey on a phone (Playwright): generate the report and watch the progress bar
to done (the task is held back and run by the test, so the page really waits on it), edit one section, finalise and
download the Word file, whose text has the edit. Nothing is wider than the phone."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.evaluation.models import YearReport
from xinhuo.evaluation.reports import services, tasks

from .reports_support import docx_text, small_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class HeldTask:
    """Stands for the task: remembers what was queued so the test runs it when it chooses."""

    def __init__(self) -> None:
        self.queued: list[tuple] = []

    def enqueue(self, *args) -> None:
        self.queued.append(args)


def test_the_director_generates_edits_finalises_and_downloads_on_a_phone(new_page, world, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect

    cache.clear()
    small_year(world)
    held = HeldTask()
    monkeypatch.setattr(tasks, "generate_report_task", held)
    page = new_page()
    log_in(page, world.users["director"].username)
    page.goto("/evaluation/reports/")
    assert_fits_phone(page)
    page.select_option("#id_school_year", str(world.year.pk))
    with page.expect_navigation():
        page.click("#report-generate")
    bar = page.locator("#report-progress")
    expect(bar).to_be_visible()
    assert_fits_phone(page)
    [(report_id, user_id)] = held.queued
    services.report_generate(report_id, user_id)  # the worker's turn: htmx's next poll reloads the page
    expect(page.locator("#report-status")).to_have_attribute("data-status", "draft")
    expect(page.locator("#section-work")).to_contain_text("红色故事宣讲")
    assert_fits_phone(page)

    with page.expect_navigation():
        page.click("#edit-highlights")
    page.fill("#id_text", "红色宣讲走进每个班级，学生反响热烈。")
    with page.expect_navigation():
        page.click("#section-save")
    expect(page.locator("#section-highlights")).to_contain_text("学生反响热烈")

    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#report-finalise")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "final")
    assert_fits_phone(page)
    with page.expect_download() as download:
        page.click("#report-docx")
    with open(download.value.path(), "rb") as f:
        text = docx_text(f.read())
    assert "红色宣讲走进每个班级，学生反响热烈。" in text and "全年共开展活动3项" in text
    assert YearReport.objects.get(pk=report_id).status == "final"
