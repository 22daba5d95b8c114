"""The issue's journey on phones (Playwright, 390×844): a head teacher finds 报销 in the menu and submits a claim with
a photo of the receipt (the file input a phone opens on its camera); finance checks it; the director approves it;
the execution report (finance:budgets-report) then shows the claim's amount spent on its line and the balance down
by as much. Every page fits the phone's width."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from PIL import Image

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    nav_to,
    new_page,
)
from xinhuo.finance.budgets.money import position
from xinhuo.finance.models import ClaimStatus, ExpenseClaim

from .finance_support import finance_budget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo() -> dict:
    buf = io.BytesIO()
    Image.new("RGB", (900, 1200), (245, 240, 228)).save(buf, "JPEG")  # a phone's photo of a receipt
    return {"name": "IMG_20261012.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}


def figure(page, name: str) -> str:
    return page.locator(f"[data-figure={name}]").inner_text().strip()


def test_a_teacher_claims_on_a_phone_finance_checks_the_director_approves_the_report_changes(new_page, world):  # noqa: F811
    cache.clear()
    fb = finance_budget(world)
    line = fb.activity
    director = new_page()
    log_in(director, world.users["director"].username)
    director.goto("/finance/report/")
    row = director.locator(f"#report-lines tr[data-line='{line.pk}']")
    assert "20,000.00" in row.inner_text() or "20000.00" in row.inner_text()
    spent_before = figure(director, "spent")
    assert_fits_phone(director)

    teacher = new_page()
    log_in(teacher, world.users["head_teacher_a"].username)
    nav_to(teacher, "/finance/claims/")
    assert_fits_phone(teacher)
    with teacher.expect_navigation():
        teacher.click("#claim-new")
    assert_fits_phone(teacher)
    upload = teacher.locator("input[name=receipts]")
    assert upload.get_attribute("accept") == "image/*,application/pdf" and upload.get_attribute("capture")
    teacher.fill("input[name=title]", "研学实践大巴车费")
    teacher.select_option("select[name=kind]", "transport")
    teacher.fill("input[name=amount]", "20000.01")  # more than the line holds: refused, nothing written
    teacher.fill("input[name=spent_on]", "2026-10-12")
    teacher.select_option("select[name=line]", str(line.pk))
    teacher.fill("textarea[name=description]", "45座大巴两辆，往返县革命纪念馆")
    upload.set_input_files([photo()])
    with teacher.expect_navigation():
        teacher.click("#claim-submit")
    assert "20,000.00" in teacher.locator("#claim-form").inner_text()
    assert not ExpenseClaim.objects.exists()
    assert_fits_phone(teacher)
    teacher.fill("input[name=amount]", "1320.50")
    teacher.locator("input[name=receipts]").set_input_files([photo()])
    with teacher.expect_navigation():
        teacher.click("#claim-submit")
    claim = ExpenseClaim.objects.get()
    assert claim.status == ClaimStatus.SUBMITTED and claim.receipts.count() == 1
    assert teacher.url.endswith(f"/finance/claims/{claim.pk}/")
    assert teacher.locator("#claim-receipts img").count() == 1
    assert teacher.locator("#claim-review").count() == 0  # a claimant does not check their own claim
    assert_fits_phone(teacher)

    finance = new_page()
    log_in(finance, world.users["finance"].username)
    finance.goto("/finance/claims/queue/?box=check")
    assert "研学实践大巴车费" in finance.locator("#claim-list").inner_text()
    assert_fits_phone(finance)
    with finance.expect_navigation():
        finance.click(f"#claim-list a[data-claim='{claim.pk}']")
    finance.fill("#review-comment", "票据齐全，金额无误")
    with finance.expect_navigation():
        finance.click("#claim-check")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CHECKED and claim.checked_by == world.users["finance"]

    director.goto("/finance/claims/queue/")
    with director.expect_navigation():
        director.click(f"#claim-list a[data-claim='{claim.pk}']")
    assert_fits_phone(director)
    with director.expect_navigation():
        director.click("#claim-approve")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.approved_by == world.users["director"]

    director.goto("/finance/report/")
    assert figure(director, "spent") != spent_before
    assert "1,320.50" in figure(director, "spent") or "1320.50" in figure(director, "spent")
    row = director.locator(f"#report-lines tr[data-line='{line.pk}']").inner_text()
    assert "18,679.50" in row or "18679.50" in row
    assert position(line).spent == Decimal("1320.50") and position(line).balance == Decimal("18679.50")
    assert_fits_phone(director)
