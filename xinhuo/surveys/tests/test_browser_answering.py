"""The issue's journey (Playwright): a parent answers an anonymous survey on a phone, page by page — from the home
page's panel to the start page with its anonymity note, a missing answer's message, every question type by touch
(a matrix stacked row by row, a ranking by selects), and the thank-you page — with nothing wider than the phone."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.surveys.models import Participation, Response

from .test_answering_views import ANSWERS, every_kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_page(page, button: str = "#next") -> None:
    with page.expect_navigation():
        page.click(button)


def test_a_parent_answers_on_a_phone_page_by_page(new_page, world):  # noqa: F811
    survey = every_kind(world, title="家长满意度调查", for_parents=True)
    page = new_page()
    log_in(page, world.users["parent_x"].username)

    page.goto("/")
    panel = page.locator("#open-surveys-panel")
    assert panel.is_visible() and "家长满意度调查" in panel.inner_text()
    with page.expect_navigation():
        panel.locator(f"[data-survey='{survey.pk}']").click()
    note = page.locator("#anonymity-note")
    assert note.is_visible() and "匿名" in note.inner_text() and "谁给了哪个答案" in note.inner_text()
    assert_fits_phone(page)
    next_page(page, "#start")

    # page 1: Next without answers brings the messages, next to each question
    assert page.locator("#answer-form").get_attribute("data-page") == "1"
    assert "匿名" in page.locator("#anonymity-badge").inner_text()
    next_page(page)
    assert page.locator("#page-errors").is_visible()
    assert page.locator("[data-error=q1]").is_visible() and page.locator("[data-error=q3]").is_visible()
    assert not Response.objects.exists() and not Participation.objects.exists()
    page.click("label[for=f-q1-0]")
    page.click("label[for=f-q2-0]")
    page.click("label[for=f-q2-2]")
    page.click("label[for=f-q3-4]")
    assert_fits_phone(page)
    next_page(page)

    # page 2: a rating, texts, a number and a date
    assert page.locator("#answer-form").get_attribute("data-page") == "2"
    assert "2" in page.locator("#progress-text").inner_text() and "3" in page.locator("#progress-text").inner_text()
    page.click("label[for=f-q5-5]")
    page.fill("#f-q6", "挺好的")
    page.fill("#f-q8", "8.5")
    page.fill("#f-q9", "2026-11-20")
    assert_fits_phone(page)
    next_page(page)

    # page 3: the matrix one block per row on the phone, the ranking by "place" selects
    assert page.locator("#answer-form").get_attribute("data-page") == "3"
    assert not page.locator("#q-q12 thead").is_visible(), "on a phone the matrix's header row gives way to blocks"
    page.click("label[for=f-q12-0-5]")
    page.click("label[for=f-q12-1-3]")
    page.select_option("#f-q13-0", "2")
    page.select_option("#f-q13-1", "1")
    page.select_option("#f-q13-2", "3")
    assert_fits_phone(page)
    next_page(page, "#submit")

    assert page.locator("#thanks").is_visible() and page.locator("#thanks-anonymous").is_visible()
    assert_fits_phone(page)
    response = Response.objects.get(survey=survey)
    assert response.answers == ANSWERS and response.audience == "parent" and response.respondent_id is None
    page.goto("/")
    assert page.locator("#open-surveys-panel").count() == 0, "nothing left to answer"
