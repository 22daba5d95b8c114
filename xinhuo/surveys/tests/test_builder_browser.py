"""The builder's journey on a phone (Playwright): a head teacher starts the parent satisfaction survey from its
template (for their own class), adds a question shown only after an answer, without JavaScript's help, previews the
pages in the phone frame and publishes it. Every page fits the phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinhuo.core.tests.test_browser import (  # noqa: F401
    ARTIFACTS,
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.surveys.models import Survey, SurveyStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_teacher_builds_previews_and_publishes_a_survey_on_a_phone(new_page, world):  # noqa: F811
    page = new_page()
    log_in(page, "teacher")
    page.goto("/surveys/manage/")
    assert_fits_phone(page)
    page.click("a[href='/surveys/manage/templates/']")
    assert_fits_phone(page)
    page.click("[data-template=parent_satisfaction] button[type=submit]")
    page.wait_for_url("**/surveys/manage/*/")
    survey = Survey.objects.get()
    assert list(survey.parent_classes.all()) == [world.class_a]
    assert_fits_phone(page)
    # a follow-up shown only when the pairing is rated low: 1 and 2 of the rating's points
    pair_rating = survey.questions.get(key="pair_rating")
    page.select_option("#question-form select[name=kind]", "long_text")
    page.fill("#question-form [name=text]", "哪些地方需要改进？")
    page.select_option("#question-form select[name=cond_key]", pair_rating.key)
    page.fill("#question-form [name=cond_values]", "1,2")
    page.click("#question-form button[type=submit]")
    page.wait_for_url(f"**/surveys/manage/{survey.pk}/#item-*")
    added = survey.questions.get(text="哪些地方需要改进？")
    assert added.show_if == {"key": "pair_rating", "values": [1, 2]}
    assert "仅当" in page.locator(f"#item-{added.pk} .condition").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "surveys-builder-detail.png"), full_page=True)
    with page.expect_navigation():
        page.click("#preview")
    expect(page.locator("#phone")).to_be_visible()
    assert_fits_phone(page)
    page.click("#next")
    page.wait_for_url("**/preview/?page=2")
    assert "哪些地方需要改进？" in page.locator("#phone").inner_text()
    page.screenshot(path=str(ARTIFACTS / "surveys-builder-preview.png"), full_page=True)
    page.goto(f"/surveys/manage/{survey.pk}/")
    page.click("#publish")
    page.wait_for_url(f"**/surveys/manage/{survey.pk}/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
