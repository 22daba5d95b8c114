"""A teacher asks the 德育 assistant on a 390 × 844 phone (Playwright) and follows a citation to the resource it
quoted; nothing is wider than the phone."""

from __future__ import annotations

import pytest

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.library.resources import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_asks_and_follows_a_citation(new_page, world, monkeypatch):  # noqa: F811
    monkeypatch.delenv("XINHUO_ASSISTANT_URL", raising=False)
    plan = services.resource_save(
        actor=world.actor("director"), kind="article", title="清明节祭扫活动组织方案",
        summary="清明节活动的分工和流程。",
        body="清明节前一周成立活动小组，联系烈士陵园。清明节当天组织学生敬献花圈，五老讲述英雄事迹。",
        audiences=["teachers"], status="published", tags="传统节日")
    page = new_page()
    log_in(page, world.users["head_teacher_a"].username)
    page.goto("/library/assistant/")
    page.locator("#assistant-form textarea[name='question']").fill("清明节活动怎么组织？")
    page.locator("#assistant-form button[type='submit']").click()
    page.wait_for_url("**/library/assistant/")
    answer = page.locator("#assistant-turns [data-mode='extractive']")
    answer.wait_for()
    assert "烈士陵园" in answer.inner_text()
    assert_fits_phone(page)
    answer.locator(".assistant-citations a", has_text="清明节祭扫活动组织方案").click()
    page.wait_for_url(f"**/library/resources/{plan.pk}/")
    assert "清明节祭扫活动组织方案" in page.locator("h1").inner_text()
