"""The exchange on a phone (Playwright): the director opens the exchange log from the phone, logs the visit to the
sister school with a photo, and finds it on the log and on the sister school's page; nothing scrolls sideways."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from xinhuo.community.exchange import services
from xinhuo.community.exchange.models import Direction, EntryKind, ExchangeEntry, PeerKind
from xinhuo.core.tests.test_browser import (  # noqa: F401
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_logs_a_visit_on_a_phone(new_page, world, tmp_path):  # noqa: F811
    sister = services.peer_create(actor=world.actor("director"), name="青山村小学关工委", kind=PeerKind.SISTER,
                                  contact_name="陈校长", contact_phone="13967154321")
    photo = tmp_path / "赠书合影.png"
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 120, 200)).save(buf, "PNG")
    photo.write_bytes(buf.getvalue())

    page = new_page()
    log_in(page, world.users["director"].username)
    page.goto("/community/exchange/")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click("#exchange-new")
    assert_fits_phone(page)
    page.select_option("select[name=peer]", str(sister.pk))
    page.select_option("select[name=kind]", EntryKind.VISIT)
    page.select_option("select[name=direction]", Direction.OUT)
    page.fill("input[name=date]", "2026-10-16")
    page.fill("input[name=title]", "赴青山村小学开展结对帮扶暨赠书活动")
    page.fill("input[name=participants]", "关工委主任、五老代表")
    page.fill("textarea[name=summary]", "捐赠课外读物 620 册，参观阅览室和留守儿童之家。")
    page.set_input_files("input[name=photos]", str(photo))
    with page.expect_navigation():
        page.click("#entry-form button[type=submit]")
    entry = ExchangeEntry.objects.get()
    assert page.url.endswith(f"/community/exchange/entries/{entry.pk}/")
    assert page.locator("#entry-title").inner_text().strip() == "赴青山村小学开展结对帮扶暨赠书活动"
    assert page.locator("#entry-photos img").count() == 1
    assert_fits_phone(page)
    assert entry.peer == sister and entry.direction == Direction.OUT and entry.photos.count() == 1

    page.goto(f"/community/exchange/peers/{sister.pk}/")
    assert page.locator(f"[data-entry='{entry.pk}']").is_visible()
    assert "13967154321" in page.locator("#peer-phone").inner_text()  # the committee sees the number
    assert_fits_phone(page)
