"""A head teacher's special-group work on a phone (issue 20): a tag's next status and its renewal, a support measure
recorded and corrected, over the API. The page's services and rules: the same effect as the page's forms, the same
refusals (400 with the message, nothing written), 404 for a tag or measure that is not one's to change — and a tag
from screening stays the counsellors' (PSY-5): the others who see the student cannot move or renew it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from xinhuo.care.groups import services
from xinhuo.care.models import StudentTag, SupportKind, SupportMeasure, TagSource, TagStatus
from xinhuo.core.tests.helpers import msg, patch, post

from .helpers import consent_special_group
from .test_groups_screening import screening_tag
from .test_groups_services import group, open_tag, record

API = "/api/v1/care"
TODAY = timezone.localdate


def history(tag: StudentTag) -> list[tuple]:
    return list(tag.history.order_by("at", "pk").values_list("from_status", "to_status", "review_on", "comment",
                                                              "by__username"))


def identified(world, code: str = "left_behind") -> StudentTag:
    return services.tag_identify(actor=world.actor("head_teacher_a"), student=world.student_x,
                                 group=group(world, code), source=TagSource.HOME_VISIT)


# --- a tag's status and renewal ----------------------------------------------------------------------------------


def test_the_head_teacher_moves_and_renews_a_tag_as_the_page_does(world):
    consent_special_group(world)
    by_page, by_api = identified(world), identified(world, "single_parent")
    review = by_page.review_on + dt.timedelta(days=30)
    c = world.client("head_teacher_a")
    assert c.post(reverse("care:tag-status", args=[by_page.pk]), {"status": "supported", "comment": "每周谈心"}
                  ).status_code == 302
    assert c.post(reverse("care:tag-renew", args=[by_page.pk]), {"review_on": review.isoformat(),
                                                                 "comment": "继续跟进"}).status_code == 302
    r = post(world, "head_teacher_a", f"{API}/tags/{by_api.pk}/status/", {"status": "supported", "comment": "每周谈心"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "supported" and r.json()["history"][-1]["comment"] == "每周谈心"
    r = post(world, "head_teacher_a", f"{API}/tags/{by_api.pk}/renew/", {"review_on": review.isoformat(),
                                                                          "comment": "继续跟进"})
    assert r.status_code == 200, r.content
    assert r.json()["review_on"] == review.isoformat() and r.json()["needs_attention"] is False
    by_page.refresh_from_db()
    by_api.refresh_from_db()
    assert (by_api.status, by_api.review_on) == (by_page.status, by_page.review_on) == (TagStatus.SUPPORTED, review)
    assert history(by_api) == history(by_page)  # the same steps, dates, comments and author


def test_refusals_are_the_pages_and_change_nothing(world):
    consent_special_group(world)
    tag = identified(world)
    before = history(tag)
    url = f"{API}/tags/{tag.pk}"
    r = post(world, "head_teacher_a", f"{url}/status/", {"status": "closed"})
    assert r.status_code == 400 and r.json() == {"comment": [msg("Say why the tag is closed.")]}
    r = post(world, "head_teacher_a", f"{url}/status/", {"status": "identified"})
    assert r.status_code == 400 and r.json() == {"status": [msg(
        "A tag that is %(current)s cannot become %(new)s.", current=TagStatus.IDENTIFIED.label,
        new=TagStatus.IDENTIFIED.label)]}
    r = post(world, "head_teacher_a", f"{url}/renew/", {"review_on": (TODAY() - dt.timedelta(days=1)).isoformat()})
    assert r.status_code == 400 and r.json() == {"review_on": [msg("The new review date must be after today.")]}
    r = post(world, "head_teacher_a", f"{url}/renew/", {})
    assert r.status_code == 400 and "review_on" in r.json()
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED and history(tag) == before


def test_renewing_needs_the_consent_still_in_force(world):
    tag = open_tag(world, world.student_x)  # recorded before the consent register: no consent now
    r = post(world, "head_teacher_a", f"{API}/tags/{tag.pk}/renew/",
             {"review_on": (tag.review_on + dt.timedelta(days=30)).isoformat()})
    assert r.status_code == 400 and list(r.json()) == ["student"]
    assert StudentTag.objects.get(pk=tag.pk).review_on == tag.review_on


@pytest.mark.parametrize("persona", ["leader", "head_teacher_b", "parent_x", "student_x", "elder", "outsider"])
def test_others_cannot_change_the_tag(world, persona):
    tag = open_tag(world, world.student_x)
    assert post(world, persona, f"{API}/tags/{tag.pk}/status/", {"status": "supported"}).status_code == 404
    assert post(world, persona, f"{API}/tags/{tag.pk}/renew/", {
        "review_on": (tag.review_on + dt.timedelta(days=9)).isoformat()}).status_code == 404
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED and not tag.history.exists()


def test_a_tag_from_screening_is_the_counsellors_to_change(world):
    consent_special_group(world)
    tag = screening_tag(world)
    status_before, history_before = tag.status, history(tag)
    for persona in ("director", "head_teacher_a"):  # they see the student's need-attention flag, not the tag
        assert post(world, persona, f"{API}/tags/{tag.pk}/status/", {"status": "improving"}).status_code == 404
        assert post(world, persona, f"{API}/tags/{tag.pk}/renew/", {
            "review_on": (tag.review_on + dt.timedelta(days=9)).isoformat()}).status_code == 404
    tag.refresh_from_db()
    assert (tag.status, history(tag)) == (status_before, history_before)
    r = post(world, "counsellor", f"{API}/tags/{tag.pk}/status/", {"status": "improving", "comment": "好转"})
    assert r.status_code == 200 and r.json()["status"] == "improving" and r.json()["source"] == TagSource.SCREENING
    # what the others then read of it is still the flag only
    seen = world.client("head_teacher_a").get(f"{API}/tags/{tag.pk}/").json()
    assert seen["needs_attention"] is True and seen["status"] is None and seen["history"] is None


# --- support measures -----------------------------------------------------------------------------------------


def support_rows() -> list[tuple]:
    return list(SupportMeasure.objects.order_by("pk").values_list(
        "student_id", "kind", "given_on", "provider", "what", "amount", "outcome", "internal_note", "recorded_by"))


def test_the_head_teacher_records_a_measure_as_the_page_does(world):
    day = TODAY() - dt.timedelta(days=2)
    fields = {"kind": "material", "given_on": day.isoformat(), "provider": "关工委", "what": "冬衣一套",
              "amount": "120.00", "outcome": "已送达", "internal_note": "家中困难"}
    r = world.client("head_teacher_a").post(reverse("care:support-new"), {**fields, "student": world.student_x.pk})
    assert r.status_code == 302
    r = post(world, "head_teacher_a", f"{API}/support/", {**fields, "student": world.student_x.pk})
    assert r.status_code == 201, r.content
    assert r.json()["student_name"] == world.student_x.name and r.json()["amount"] == "120.00"
    page, api = support_rows()
    assert page == api == (world.student_x.pk, "material", day, "关工委", "冬衣一套", Decimal("120.00"), "已送达",
                           "家中困难", world.users["head_teacher_a"].pk)


def test_recording_refusals_and_other_roles(world):
    body = {"student": world.student_x.pk, "kind": "academic", "given_on": TODAY().isoformat(),
            "provider": "王老师", "what": "数学辅导", "amount": "50"}
    r = post(world, "head_teacher_a", f"{API}/support/", body)
    assert r.status_code == 400 and r.json() == {"amount": [msg("An amount is recorded only for material support.")]}
    r = post(world, "head_teacher_a", f"{API}/support/", {
        **body, "amount": None, "given_on": (TODAY() + dt.timedelta(days=1)).isoformat()})
    assert r.status_code == 400 and r.json() == {"given_on": [msg("The date cannot be in the future.")]}
    body["amount"] = None
    assert post(world, "head_teacher_b", f"{API}/support/", body).status_code == 404  # not their class
    for persona in ("parent_x", "student_x", "elder", "finance"):
        assert post(world, persona, f"{API}/support/", body).status_code == 404
    assert not SupportMeasure.objects.exists()


def test_the_recorder_corrects_a_measure_the_fields_given_change(world):
    m = record(world, kind=SupportKind.ACADEMIC, outcome="", internal_note="家中无人辅导")
    url = f"{API}/support/{m.pk}/"
    r = patch(world, "head_teacher_a", url, {"outcome": "期中数学及格"})
    assert r.status_code == 200, r.content
    assert r.json()["outcome"] == "期中数学及格" and r.json()["internal_note"] == "家中无人辅导"
    m.refresh_from_db()
    assert (m.kind, m.provider, m.what, m.outcome) == (SupportKind.ACADEMIC, "王老师", "每周两次数学辅导",
                                                       "期中数学及格")
    # the same correction through the page gives the same record
    page = record(world, kind=SupportKind.ACADEMIC, outcome="", internal_note="家中无人辅导")
    r = world.client("head_teacher_a").post(reverse("care:support-edit", args=[page.pk]), {
        "kind": "academic", "given_on": page.given_on.isoformat(), "provider": "王老师", "what": "每周两次数学辅导",
        "outcome": "期中数学及格", "internal_note": "家中无人辅导"})
    assert r.status_code == 302
    assert support_rows()[0] == support_rows()[1]


def test_correction_refusals_change_nothing(world):
    m = record(world, kind=SupportKind.ACADEMIC)
    before = support_rows()
    url = f"{API}/support/{m.pk}/"
    r = patch(world, "head_teacher_a", url, {"amount": "30"})
    assert r.status_code == 400 and r.json() == {"amount": [msg("An amount is recorded only for material support.")]}
    r = patch(world, "head_teacher_a", url, {"given_on": (TODAY() + dt.timedelta(days=1)).isoformat()})
    assert r.status_code == 400 and r.json() == {"given_on": [msg("The date cannot be in the future.")]}
    r = patch(world, "head_teacher_a", url, {"student": world.student_y.pk})
    assert r.status_code == 400 and list(r.json()) == ["student"]
    for persona in ("head_teacher_b", "parent_x", "student_x", "elder", "outsider"):
        assert patch(world, persona, url, {"outcome": "好"}).status_code == 404
    by_director = record(world, persona="director", what="心理疏导")
    assert patch(world, "head_teacher_a", f"{API}/support/{by_director.pk}/", {"outcome": "好"}).status_code == 404
    assert support_rows()[:1] == before
