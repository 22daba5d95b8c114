"""Bursaries on a phone (Playwright): head teacher A proposes a grant for a left-behind student of their class, the
director approves it on their phone and opens the fund's report, whose monthly chart draws under the site's
Content-Security-Policy (no inline script)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from xinhuo.community.models import Grant, GrantStatus
from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)

from .bursaries_support import make_fund, tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_head_teacher_proposes_and_the_director_approves_on_a_phone(new_page, world):  # noqa: F811
    cache.clear()
    fund = make_fund(world, group_codes=["left_behind"], max_per_student_year="1000")
    tag(world, world.student_x, "left_behind")

    teacher = new_page()
    log_in(teacher, world.users["head_teacher_a"].username)
    for path in ("/community/bursaries/", f"/community/bursaries/funds/{fund.pk}/"):
        teacher.goto(path)
        assert_fits_phone(teacher)
    teacher.goto(f"/community/bursaries/grants/new/?fund={fund.pk}")
    assert_fits_phone(teacher)
    teacher.select_option("select[name=student]", str(world.student_x.pk))
    teacher.fill("input[name=amount]", "1200")  # over the yearly maximum: refused, the form comes back
    teacher.fill("textarea[name=reason]", "父母在外务工，由奶奶照顾")
    with teacher.expect_navigation():
        teacher.click("#grant-submit")
    assert "1000.00" in teacher.locator("#grant-form").inner_text()
    assert not Grant.objects.exists()
    teacher.fill("input[name=amount]", "800")
    with teacher.expect_navigation():
        teacher.click("#grant-submit")
    grant = Grant.objects.get()
    assert grant.status == GrantStatus.APPLIED and teacher.url.endswith(f"/grants/{grant.pk}/")
    assert teacher.locator("#grant-review").count() == 0  # a head teacher does not approve
    assert_fits_phone(teacher)

    director = new_page()
    log_in(director, world.users["director"].username)
    director.goto(f"/community/bursaries/grants/{grant.pk}/")
    assert "留守儿童" in director.locator("#groups-now").inner_text()
    assert_fits_phone(director)
    director.fill("#review-comment", "家访情况属实，同意资助")
    with director.expect_navigation():
        director.click("#grant-approve")
    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    director.goto(f"/community/bursaries/funds/{fund.pk}/report/")
    director.locator("#bursary-chart canvas").wait_for()
    assert_fits_phone(director)
