"""A teacher on a phone (Playwright) looks up an agency in the resource directory by its pinyin initials, opens it
and finds how to reach it; the list swaps in place (htmx) and nothing makes the phone scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)

from .partners_support import resource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_searches_the_directory_on_a_phone(new_page, world):  # noqa: F811
    resource(world, "县心理咨询中心", services="青少年心理咨询、危机干预", location="城关镇健康路16号")
    resource(world, "县法律援助中心", "legal", services="免费法律咨询、未成年人维权")
    resource(world, "县图书馆", "library", services="流动图书站、读书分享会")
    page = new_page()
    log_in(page, world.users["head_teacher_a"].username)
    page.goto("/community/directory/")
    assert page.locator("[data-resource]").count() == 3
    assert_fits_phone(page)
    page.fill("input[name=q]", "xlzx")
    page.click("#directory-search")
    # a locator's wait, not wait_for_function: a string predicate is evaluated in the page, which the CSP refuses
    expect(page.locator("[data-resource]")).to_have_count(1)
    assert "县心理咨询中心" in page.locator("#resources").inner_text()
    assert "q=xlzx" in page.url  # the search is in the address: back and reload keep it
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("[data-resource]")
    details = page.locator("#resource").inner_text()
    assert "城关镇健康路16号" in details and "0571-88886666" in details
    assert page.locator("a[href='tel:0571-88886666']").count() == 1
    assert_fits_phone(page)


def test_the_committee_records_an_agreement_with_its_signed_pdf_on_a_phone(new_page, world):  # noqa: F811
    import datetime as dt

    from django.utils import timezone

    from xinhuo.community.partners.models import Agreement

    from .partners_support import partner, pdf

    p = partner(world)
    today = timezone.localdate()
    page = new_page()
    log_in(page, world.users["director"].username)
    page.goto(f"/community/partners/{p.pk}/")
    assert "13812349876" in page.locator("#partner-contacts").inner_text()  # the committee reads the phone
    with page.expect_navigation():
        page.click("#agreement-new")
    assert_fits_phone(page)
    page.fill("input[name=title]", "红色研学实践基地共建协议")
    page.fill("input[name=starts_on]", today.isoformat())
    page.fill("input[name=ends_on]", (today + dt.timedelta(days=3 * 365)).isoformat())
    page.fill("textarea[name=school_duties]", "每学期组织学生参观学习")
    page.set_input_files("input[name=upload]", files=[{"name": "协议.pdf", "mimeType": "application/pdf",
                                                        "buffer": pdf().read()}])
    with page.expect_navigation():
        page.click("#agreement-save")
    agreement = Agreement.objects.get()
    assert page.url.endswith(f"/community/agreements/{agreement.pk}/")
    assert "协议.pdf" in page.locator("#agreement-file").inner_text()
    assert agreement.file_name == "协议.pdf" and agreement.partner == p
    assert_fits_phone(page)
