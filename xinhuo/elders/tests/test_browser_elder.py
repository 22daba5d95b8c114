"""An elder's day on a phone: their page, a contact with a mentee in a couple of taps, their hours and
certificate, their weekly availability, and an inspection report with a photo (issue ELD, Playwright)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from xinhuo.core.tests.test_browser import assert_fits_phone, log_in, nav_to
from xinhuo.elders.models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Availability,
    Award,
    Elder,
    ElderRole,
    Inspection,
    ServiceRecord,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def photo_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (2400, 1800), (40, 120, 60)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def elder_at_work(world):
    today = timezone.localdate()
    me = world.elder
    Elder.objects.filter(pk=me.pk).update(specialties=["party_history"], willingness=["history_speaker"])
    Availability.objects.create(elder=me, weekday=2, start=dt.time(14), end=dt.time(16))
    Assignment.objects.create(school=world.school, elder=me, role=ElderRole.HISTORY_SPEAKER,
                              need="红色记忆讲堂每月一讲", weekday=2)
    Assignment.objects.create(school=world.school, elder=me, role=ElderRole.INSPECTOR, need="校园周边义务监督")
    newcomer = Elder.objects.create(school=world.school, name="吴新来", gender="F", category=Elder.Category.CADRE)
    pair = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER, mentor=me,
                                     mentee_elder=newcomer, started_on=today - dt.timedelta(days=40),
                                     contact_every_days=14)
    ServiceRecord.objects.create(school=world.school, elder=me, date=today, hours=Decimal("2.5"),
                                 source=ServiceRecord.Source.ASSIGNMENT, description="党史宣讲")
    award = Award.objects.create(school=world.school, elder=me, title="优秀五老", awarded_on=today,
                                 issuer="学校关工委", certificate_no=f"XH{today.year}-001")
    return {"pair": pair, "award": award, "newcomer": newcomer}


def test_an_elder_on_a_phone(new_page, world, elder_at_work):
    page = new_page()
    log_in(page, world.users["elder"].username)
    assert "elder-mode" in (page.locator("body").get_attribute("class") or ""), "elder-friendly mode by default"

    # the home page: my next tasks, the contact due and my hours as a chart
    page.goto("/")
    assert "红色记忆讲堂每月一讲" in page.locator("#elder-next-panel").inner_text()
    assert page.locator("#elder-pairs-panel .my-pair .overdue").count() == 1
    page.locator("#elder-hours-panel [data-figure=elder-year-hours]").wait_for()
    assert page.locator("#elder-hours-panel [data-figure=elder-year-hours]").get_attribute("data-hours") == "2.5"
    assert_fits_phone(page)

    # every pair on one page, labelled by kind
    nav_to(page, "/elders/my-pairs/")
    page.wait_for_url("**/elders/my-pairs/")
    card = page.locator("#my-pairs .my-pair")
    assert card.count() == 1 and card.get_attribute("data-kind") == "new_elder" and "吴新来" in card.inner_text()
    assert_fits_phone(page)

    # my page, from the navigation
    nav_to(page, "/elders/home/")
    page.wait_for_url("**/elders/home/")
    assert "红色记忆讲堂每月一讲" in page.locator("#my-tasks").inner_text()
    mentee = page.locator("#my-pairs .my-pair")
    assert mentee.count() == 1 and "吴新来" in mentee.inner_text()
    assert mentee.locator(".overdue").count() == 1, "40 days without contact on a 14-day plan"
    assert page.locator("#my-hours [data-figure=this-year]").inner_text() == "2.5"
    assert_fits_phone(page)

    # a contact in two taps: the mentee, then the way
    mentee.click()
    page.wait_for_url(f"**/elders/apprenticeships/{elder_at_work['pair'].pk}/contact/")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click(".way-btn[value=phone]")
    assert page.url.endswith("/elders/home/")
    contact = ApprenticeshipContact.objects.get(apprenticeship=elder_at_work["pair"])
    assert contact.way == "phone" and contact.date == timezone.localdate()
    assert page.locator("#my-pairs .my-pair .overdue").count() == 0

    # my certificate is a PDF
    link = page.locator("#my-certificates a").first
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")

    # my weekly availability: an overlapping time is refused with a message, a free one is added
    page.goto("/elders/me/")
    assert_fits_phone(page)
    form = page.locator("#availability-add-form")
    form.locator("select[name=weekday]").select_option("2")
    form.locator("input[name=start]").fill("15:00")
    form.locator("input[name=end]").fill("17:00")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".alert-danger, .invalid-feedback").count() >= 1
    assert Availability.objects.filter(elder=world.elder).count() == 1, "nothing written"
    form = page.locator("#availability-add-form")
    form.locator("select[name=weekday]").select_option("4")
    form.locator("input[name=start]").fill("09:00")
    form.locator("input[name=end]").fill("11:00")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert Availability.objects.filter(elder=world.elder, weekday=4).exists()
    assert page.locator("#availability-slots li").count() == 2

    # an inspection report with a photo, as the volunteer inspector
    page.goto("/elders/inspections/new/")
    assert_fits_phone(page)
    form = page.locator("#inspection-form")
    form.locator("select[name=kind]").select_option("internet_cafe")
    form.locator("input[name=place]").fill("东门外极速网咖")
    form.locator("input[name=date]").fill(timezone.localdate().isoformat())
    form.locator("textarea[name=findings]").fill("有学生模样的人在上网，前台未查身份证。")
    form.locator("input[name=severity][value=medium]").check()
    form.locator("input[name=photos]").set_input_files(
        files=[{"name": "netbar.png", "mimeType": "image/png", "buffer": photo_png()}])
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    report = Inspection.objects.get(inspector=world.elder)
    assert page.url.endswith(f"/elders/inspections/{report.pk}/")
    assert report.photos.count() == 1
    # polled from here: wait_for_function's string predicate is evaluated in the page, which the CSP may refuse
    image = page.locator("main img").first
    image.wait_for()
    for _ in range(100):
        if image.evaluate("i => i.complete && i.naturalWidth > 0"):
            break
        page.wait_for_timeout(50)
    assert page.locator("main img").first.evaluate("i => i.naturalWidth") == 1600, "resized to at most 1600 px"
    assert_fits_phone(page)
