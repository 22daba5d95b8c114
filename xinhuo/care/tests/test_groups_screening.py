"""A special-group tag from psychological screening (PSY-5, issue 20): the growth record's "counsellors only" holds
on the tag itself. The director, the leader and the head teacher see that the student needs attention, never the
tag's group, source, status, dates, note or history — on the list, the tag's page, the API and the weekly
reminders; they neither filter by what it withholds nor change it. The counsellor sees and does everything."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinhuo.care import reminders
from xinhuo.care.groups import services
from xinhuo.care.models import SpecialGroup, StudentTag, TagSource, TagStatus, TagStatusChange
from xinhuo.core.models import AccessLog, Notification

from .helpers import consent_special_group
from .test_groups_services import open_tag

NOTE = "PHQ-A 18 分，已约谈"
COMMENT = "第二次面谈后好转"
NOT_COUNSELLORS = ("director", "leader", "head_teacher_a")


def screening_tag(world, student=None, **kw) -> StudentTag:
    tag = open_tag(world, student or world.student_x, code="behaviour_concern", note=NOTE, **kw)
    StudentTag.objects.filter(pk=tag.pk).update(source=TagSource.SCREENING)
    TagStatusChange.objects.create(tag=tag, from_status=TagStatus.IDENTIFIED, to_status=TagStatus.SUPPORTED,
                                   review_on=tag.review_on, comment=COMMENT, by=world.users["counsellor"])
    tag.refresh_from_db()
    return tag


def group_name(world) -> str:
    return SpecialGroup.objects.get(school=world.school, code="behaviour_concern").name


def rows(body: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<tr data-tag="(\d+)".*?</tr>', body, re.S)}


@pytest.mark.parametrize("persona", NOT_COUNSELLORS)
def test_the_list_flags_the_student_and_withholds_the_tag(world, persona):
    tag = screening_tag(world)
    plain = open_tag(world, world.student_x)  # a tag from the head teacher: shown in full
    body = world.client(persona).get(reverse("care:tags")).content.decode()
    row = rows(body)[tag.pk]
    assert "data-withheld" in row and "data-attention" in row and world.student_x.name in row
    for secret in (group_name(world), tag.review_on.isoformat(), NOTE, 'data-status="'):
        assert secret not in row, secret
    assert plain.group.name in rows(body)[plain.pk] and "data-withheld" not in rows(body)[plain.pk]
    assert NOTE not in body and COMMENT not in body


def test_the_counsellor_sees_the_tag_in_full(world):
    tag = screening_tag(world)
    client = world.client("counsellor")
    row = rows(client.get(reverse("care:tags")).content.decode())[tag.pk]
    assert "data-withheld" not in row and group_name(world) in row and tag.review_on.isoformat() in row
    page = client.get(reverse("care:tag-detail", args=[tag.pk])).content.decode()
    assert NOTE in page and COMMENT in page and 'id="status-form"' in page and 'id="renew-form"' in page
    api = client.get(reverse("api:care-tag-detail", args=[tag.pk])).json()
    assert api["needs_attention"] is False and api["source"] == TagSource.SCREENING and api["note"] == NOTE
    assert api["group_name"] == group_name(world) and api["history"][0]["comment"] == COMMENT


@pytest.mark.parametrize("persona", NOT_COUNSELLORS)
def test_the_tag_page_is_a_flag_for_the_others(world, persona):
    tag = screening_tag(world)
    r = world.client(persona).get(reverse("care:tag-detail", args=[tag.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and 'id="tag-withheld"' in body and world.student_x.name in body
    for secret in (group_name(world), NOTE, COMMENT, 'id="tag-history"', 'id="status-form"', 'id="renew-form"',
                   tag.review_on.isoformat()):
        assert secret not in body, secret
    log = AccessLog.objects.get(object_type="special_group_tag", action="view", object_id=str(tag.pk))
    assert log.detail == {"withheld": True}


@pytest.mark.parametrize("persona", NOT_COUNSELLORS)
def test_the_api_withholds_the_same(world, persona):
    tag = screening_tag(world)
    client = world.client(persona)
    [listed] = [t for t in client.get(reverse("api:care-tag-list")).json()["results"] if t["id"] == tag.pk]
    detail = client.get(reverse("api:care-tag-detail", args=[tag.pk])).json()
    for data in (listed, detail):
        assert data["needs_attention"] is True and data["student"] == world.student_x.pk
        for key in ("group", "group_name", "source", "status", "identified_on", "review_on", "expired"):
            assert data[key] is None, key
    assert detail["note"] is None and detail["history"] is None
    assert NOTE not in str(detail) and COMMENT not in str(detail)


@pytest.mark.parametrize("persona", ["director", "counsellor"])
def test_filters_never_sort_a_withheld_tag_by_what_it_withholds(world, persona):
    tag = screening_tag(world, review_on=timezone.localdate() + dt.timedelta(days=10))
    behaviour = SpecialGroup.objects.get(school=world.school, code="behaviour_concern")
    client = world.client(persona)
    shown = persona == "counsellor"
    for query in ({"group": behaviour.pk}, {"status": TagStatus.IDENTIFIED}, {"due": "review"}):
        assert (tag.pk in rows(client.get(reverse("care:tags"), query).content.decode())) is shown, query
        api = {"group": behaviour.pk} if "group" in query else query
        ids = {t["id"] for t in client.get(reverse("api:care-tag-list"), api).json()["results"]}
        assert (tag.pk in ids) is shown, query
    # the class is no secret: the flag stays under its class
    assert tag.pk in rows(client.get(reverse("care:tags"), {"school_class": world.class_a.pk}).content.decode())


def test_a_closed_tag_from_screening_is_no_flag(world):
    tag = screening_tag(world)
    StudentTag.objects.filter(pk=tag.pk).update(status=TagStatus.CLOSED)
    assert world.client("director").get(reverse("care:tag-detail", args=[tag.pk])).status_code == 404
    assert tag.pk not in rows(world.client("director").get(reverse("care:tags")).content.decode())
    assert world.client("counsellor").get(reverse("care:tag-detail", args=[tag.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["director", "head_teacher_a"])
def test_only_a_counsellor_changes_or_renews_it(world, persona):
    tag = screening_tag(world)
    client = world.client(persona)
    r = client.post(reverse("care:tag-status", args=[tag.pk]), {"status": TagStatus.CLOSED, "comment": "结案"})
    assert r.status_code == 404
    r = client.post(reverse("care:tag-renew", args=[tag.pk]),
                    {"review_on": (timezone.localdate() + dt.timedelta(days=200)).isoformat()})
    assert r.status_code == 404
    tag.refresh_from_db()
    assert tag.status == TagStatus.IDENTIFIED and tag.history.count() == 1


def test_only_a_counsellor_records_a_tag_from_screening(world):
    consent_special_group(world)
    services.special_groups_for(world.school)
    group = SpecialGroup.objects.get(school=world.school, code="behaviour_concern")
    form = world.client("head_teacher_a").get(reverse("care:tag-new")).content.decode()
    assert 'value="screening"' not in form
    r = world.client("head_teacher_a").post(reverse("care:tag-new"), {
        "student": world.student_x.pk, "group": group.pk, "source": TagSource.SCREENING,
        "identified_on": timezone.localdate().isoformat()})
    assert r.status_code == 400 and not StudentTag.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.tag_identify(actor=world.actor("director"), student=world.student_x, group=group,
                              source=TagSource.SCREENING)
    assert "source" in refused.value.message_dict and not StudentTag.objects.exists()
    assert 'value="screening"' in world.client("counsellor").get(reverse("care:tag-new")).content.decode()
    tag = services.tag_identify(actor=world.actor("counsellor"), student=world.student_x, group=group,
                                source=TagSource.SCREENING, note=NOTE)
    # another open tag in the group is refused without naming the group to one who may not know it
    with pytest.raises(ValidationError) as twice:
        services.tag_identify(actor=world.actor("head_teacher_a"), student=world.student_x, group=group,
                              source=TagSource.HEAD_TEACHER)
    assert group.name not in str(twice.value.message_dict) and StudentTag.objects.get() == tag


def test_the_weekly_review_names_it_to_the_counsellors_only(world):
    monday = dt.date(2026, 11, 30)
    tag = screening_tag(world, review_on=monday + dt.timedelta(days=3))
    reminders.send(world.school, monday, kinds=["reviews"])
    [told] = Notification.objects.filter(recipient=world.users["counsellor"])
    assert world.student_x.name in told.body and group_name(world) in told.body
    for persona in ("director", "head_teacher_a"):
        assert not Notification.objects.filter(recipient=world.users[persona], body__contains=world.student_x.name)
    assert tag.pk
