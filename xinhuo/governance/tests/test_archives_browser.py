"""The charter's diff and the archive's catalogue in a browser (Playwright), on a desktop and on a 390 px phone:
the diff shows added and removed lines with their + and − marks and nothing is wider than the phone; the director
finds a record in the catalogue, opens it and confirms the destruction of a record past its retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from xinhuo.core.tests.test_browser import (  # noqa: F401
    DESKTOP,
    assert_fits_phone,
    browser,
    log_in,
    new_page,
)
from xinhuo.governance.archives.filing import file_record
from xinhuo.governance.charter import services
from xinhuo.governance.models import ArchiveRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def two_versions(world):
    director = world.actor("director")
    doc = services.document_create(actor=director, kind="charter", title="关工委章程",
                                   body="第一条 本会名称\n第二条 宗旨\n第三条 会员")
    v1 = doc.versions.get()
    world.committee_member.user = world.users["leader"]
    world.committee_member.save(update_fields=["user"])
    for persona, action in (("director", "submit"), ("leader", "approve"), ("director", "publish")):
        services.version_step(actor=world.actor(persona), version=v1, action=action)
    v2 = services.draft_start(actor=director, document=doc)
    services.draft_edit(actor=director, version=v2, body="第一条 本会名称\n第二条 宗旨与任务\n第三条 会员\n第四条 附则",
                        change_note="补充任务和附则")
    return doc


def test_the_diff_on_a_desktop_and_a_phone(new_page, world):  # noqa: F811
    cache.clear()
    doc = two_versions(world)
    for options in (DESKTOP, None):
        page = new_page(**options) if options else new_page()
        log_in(page, world.users["director"].username)
        page.goto(f"/governance/charter/{doc.pk}/diff/?old=1&new=2")
        lines = page.locator("#diff-lines li")
        assert page.locator("#diff-lines li[data-kind=added]").count() == 2
        assert page.locator("#diff-lines li[data-kind=removed]").count() == 1
        text = lines.all_inner_texts()
        assert any(t.startswith("+") and "第四条 附则" in t for t in text)
        assert any(t.startswith("−") and "第二条 宗旨" in t for t in text)
        assert_fits_phone(page)


def test_the_director_finds_a_record_and_confirms_its_destruction_on_a_phone(new_page, world):  # noqa: F811
    cache.clear()
    file_record(school_id=world.school.pk, category="minutes", title="三月例会纪要", dated=dt.date(2025, 3, 5),
                source="t:1")
    old = file_record(school_id=world.school.pk, category="photo", title="2012年六一活动照片",
                      dated=dt.date(2012, 6, 1), retention="5", source="t:2", content=b"\xff\xd8 photo",
                      file_name="六一.jpg")
    page = new_page()
    log_in(page, world.users["director"].username)
    page.goto("/governance/archives/?q=六一")
    assert_fits_phone(page)
    assert page.locator("#archive-list a").count() == 1
    page.goto("/governance/archives/due/")
    assert_fits_phone(page)
    with page.expect_navigation():
        page.click(f"#archive-list a[href$='/{old.pk}/']")
    assert_fits_phone(page)
    with page.expect_navigation():  # without a note: refused, nothing destroyed
        page.click("#archive-destroy button")
    assert ArchiveRecord.objects.get(pk=old.pk).status == "kept"
    page.fill("#archive-destroy textarea", "经领导小组鉴定后销毁")
    with page.expect_navigation():
        page.click("#archive-destroy button")
    assert ArchiveRecord.objects.get(pk=old.pk).status == "destroyed"
    assert page.url.endswith("/governance/archives/due/")
