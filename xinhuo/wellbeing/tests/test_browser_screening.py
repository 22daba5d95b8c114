"""A student answers PHQ-A on a phone, one question per screen, with item 9 positive: after submitting they see a
calm message with the help lines (never a score), and the counsellors have an alert (Playwright)."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import assert_fits_phone, browser, log_in, new_page  # noqa: F401
from xinhuo.wellbeing.models import Alert, Response
from xinhuo.wellbeing.scales import PHQA

from .matrix_screening import a_campaign
from .test_screening_views import consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_answers_phqa_on_a_phone_and_sees_help_after_an_alert(new_page, world, settings):  # noqa: F811
    settings.XINHUO_WELLBEING_HOTLINES = [("全国青少年服务台", "12355"), ("心理援助热线", "12356")]
    consent(world)
    campaign = a_campaign(world)
    page = new_page()
    log_in(page, world.users["student_x"].username)
    page.goto("/wellbeing/mine/")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click(f"[data-campaign='{campaign.pk}'] a.btn")
    total = len(PHQA.items)
    for item in PHQA.items:
        form = page.locator("#answer-form")
        assert form.get_attribute("data-question") == str(item.number)
        assert f"{item.number - 1}/{total}" in page.locator("#progress-text").inner_text()
        assert page.locator("#question-text").inner_text() == item.text
        if item.number == 1:
            assert page.locator("#instructions").inner_text() == PHQA.instructions
            assert_fits_phone(page)
        if item.number == 5:  # a step back: question 4 with its answer chosen, unchanged, then on to 5
            with page.expect_navigation():
                page.click("#previous")
            assert page.locator("#answer-form").get_attribute("data-question") == "4"
            assert page.locator("#opt-1").is_checked()
            with page.expect_navigation():
                page.click("#next")
            assert page.locator("#answer-form").get_attribute("data-question") == "5"
        # the first option (完全不会 / 否 / 毫无困难) everywhere but item 9: 好几天, an alert whatever the total
        page.click(f"label[for=opt-{2 if item.number == 9 else 1}]")
        with page.expect_navigation():
            page.click("#next")
    assert page.locator("#confirm").is_visible()
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("#submit")
    assert page.locator("#thanks").is_visible()
    help_box = page.locator("#help")
    assert help_box.is_visible()
    assert page.locator("a[href='tel:12355']").is_visible()
    text = page.locator("main, body").first.inner_text()
    assert "12355" in text
    for secret in ("无或极轻微", "轻度", "中度", "预警", "危机"):
        assert secret not in text
    assert_fits_phone(page)
    response = Response.objects.get(campaign=campaign, student=world.student_x)
    assert response.submitted_at is not None
    alert = Alert.objects.get(student=world.student_x)
    assert alert.response_id == response.pk and "PHQA 9" in alert.items
