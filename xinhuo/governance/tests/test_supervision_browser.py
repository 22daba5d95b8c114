"""Supervision on a phone (Playwright, 390 px): head teacher A, owner of an overdue rectification item, submits the
evidence with a file; the director verifies it and closes the item. Nothing is wider than the phone."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.governance.models import RectificationStatus

from .test_supervision_support import make_inspection, make_item, overdue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_submits_evidence_and_the_director_closes_on_a_phone(new_page, world, tmp_path):  # noqa: F811
    cache.clear()
    inspection = make_inspection(world)
    item = overdue(make_item(world, inspection, problem="10月例会记录缺失"))
    evidence = tmp_path / "例会纪要.pdf"
    evidence.write_bytes(pdf_bytes("minutes"))

    teacher = new_page()
    log_in(teacher, world.users["head_teacher_a"].username)
    teacher.goto("/governance/supervision/")
    assert teacher.locator(f'#rectification-list a[href$="/rectifications/{item.pk}/"][data-overdue="1"]').count() == 1
    assert teacher.locator("[data-overdue-label]").count() == 1
    assert_fits_phone(teacher)
    teacher.goto(f"/governance/supervision/rectifications/{item.pk}/")
    assert teacher.locator("#overdue-label").count() == 1
    assert teacher.locator("#verify-form").count() == 0
    assert_fits_phone(teacher)
    teacher.fill("#evidence-form textarea[name=evidence]", "已补记10月例会纪要，参会人员签字后归档")
    teacher.set_input_files("#evidence-form input[name=file]", str(evidence))
    with teacher.expect_navigation():
        teacher.click("#evidence-submit")
    item.refresh_from_db()
    assert item.status == RectificationStatus.SUBMITTED and item.evidence_name == "例会纪要.pdf"
    assert teacher.locator("#evidence-file").count() == 1
    assert_fits_phone(teacher)

    director = new_page()
    log_in(director, world.users["director"].username)
    director.goto(f"/governance/supervision/rectifications/{item.pk}/")
    assert "已补记10月例会纪要" in director.locator("#evidence-text").inner_text()
    assert_fits_phone(director)
    director.fill("#verify-comment", "纪要齐全，同意销号")
    with director.expect_navigation():
        director.click("#verify-close")
    item.refresh_from_db()
    assert item.status == RectificationStatus.CLOSED
    assert director.locator("#verify-form").count() == 0
    assert_fits_phone(director)
    director.goto(f"/governance/supervision/inspections/{inspection.pk}/")
    assert_fits_phone(director)
