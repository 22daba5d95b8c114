"""The mailbox's journey on a phone (Playwright): a student writes to the principal's mailbox anonymously and
keeps the tracking code shown once; the director assigns the letter and the head teacher replies (through the
services, to keep the test short; the pages' own steps are in test_mailbox_views.py); the student, logged out,
reads the reply with the code, signed by the committee."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.surveys.mailbox import services
from xinhuo.surveys.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "谢谢你的建议，下周起食堂每天增加一道蔬菜。"


def test_a_student_writes_anonymously_and_reads_the_reply_with_the_code(new_page, world):  # noqa: F811
    cache.clear()
    page = new_page()
    log_in(page, world.users["student_x"].username)
    page.goto("/surveys/mailbox/write/")
    assert page.locator("#mailbox-anonymity").is_visible()
    assert page.locator("input[name=anonymous][value='1']").is_checked()  # anonymous unless changed
    assert_fits_phone(page)
    page.fill("input[name=subject]", "食堂的蔬菜")
    page.fill("textarea[name=body]", "午饭的蔬菜太少了，希望多一些。")
    with page.expect_navigation():
        page.click("#mailbox-write-form button[type=submit]")
    code = page.locator("#mailbox-code").inner_text().strip()
    assert len(code.replace("-", "")) == 8
    assert code not in page.url
    assert_fits_phone(page)
    page.reload()  # shown once
    assert page.locator("#mailbox-code").count() == 0 and page.locator("#mailbox-code-gone").is_visible()

    message = Message.objects.get()
    assert message.writer_id is None and message.anonymous
    services.message_assign(actor=world.actor("director"), message=message, assignee=world.users["head_teacher_a"])
    services.message_reply(actor=world.actor("head_teacher_a"), message=message, reply=REPLY)

    reader = new_page()  # logged out, another phone
    reader.goto("/surveys/mailbox/lookup/")
    assert_fits_phone(reader)
    reader.fill("input[name=code]", code.lower())
    with reader.expect_navigation():
        reader.click("#mailbox-lookup-form button[type=submit]")
    assert reader.locator("#mailbox-reply").inner_text().strip() == REPLY
    assert "关工委" in reader.locator("#mailbox-found").inner_text()
    assert world.users["head_teacher_a"].display_name not in reader.content()
    assert_fits_phone(reader)
