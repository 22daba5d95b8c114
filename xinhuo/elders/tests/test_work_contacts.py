"""Mentor contacts: the mentor (or a manager) records a contact in a tap, today unless said otherwise;
nobody else can (404); a future date, a date before the pair, an ended pair are refused and nothing is
written; a contact credits no hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from xinhuo.core.access import build_actor
from xinhuo.core.models import Role
from xinhuo.elders.models import ApprenticeshipContact, ApprenticeshipPair, Elder, ServiceRecord
from xinhuo.elders.work import services

WAY = ApprenticeshipContact.Way
TODAY = timezone.localdate


def contacts():
    return list(ApprenticeshipContact.objects.order_by("pk").values_list("pk", "date", "way"))


@pytest.fixture
def pair(world):
    mentee = Elder.objects.create(school=world.school, name="吴新老", gender="F", category=Elder.Category.TEACHER,
                                  phone="13711112222")
    return ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                             mentor=world.elder,
                                     mentee_elder=mentee, started_on=TODAY() - dt.timedelta(days=60))


@pytest.fixture
def other_elder_client(world):
    user = make_user("elder2", world.school, Role.ELDER)
    Elder.objects.create(school=world.school, name="钱老", gender="M", category=Elder.Category.TEACHER, user=user)
    c = world.client(None)
    c.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    return c, build_actor(user)


def test_the_mentor_records_a_contact_dated_today_by_default(world, pair):
    c = services.apprenticeship_contact_record(actor=world.actor("elder"), apprenticeship=pair, way=WAY.PHONE,
                                               topic=" 聊入门 ")
    assert (c.date, c.way, c.topic, c.next_step, c.by) == (TODAY(), WAY.PHONE, "聊入门", "", world.users["elder"])
    assert ServiceRecord.objects.count() == 0  # a contact credits no hours


def test_a_manager_may_record_too(world, pair):
    services.apprenticeship_contact_record(actor=world.actor("director"), apprenticeship=pair, way=WAY.VISIT,
                                       date=TODAY() - dt.timedelta(days=2))
    assert len(contacts()) == 1


def test_nobody_else_records(world, pair, other_elder_client):
    _client, other = other_elder_client
    for who in (other, world.actor("head_teacher_a"), world.actor("outsider")):
        with pytest.raises(Http404):
            services.apprenticeship_contact_record(actor=who, apprenticeship=pair, way=WAY.PHONE)
    assert contacts() == []


@pytest.mark.parametrize("when, message", [
    (1, "日期在未来：请在联系之后再记录。"),
    (-61, "日期早于结对开始日期"),
])
def test_bad_dates_are_refused_and_nothing_is_written(world, pair, when, message):
    with pytest.raises(ValidationError) as info:
        services.apprenticeship_contact_record(actor=world.actor("elder"), apprenticeship=pair, way=WAY.PHONE,
                                           date=TODAY() + dt.timedelta(days=when))
    assert message in " ".join(info.value.messages)
    assert contacts() == []


def test_an_ended_pair_takes_no_contact(world, pair):
    pair.ended_on = TODAY() - dt.timedelta(days=1)
    pair.save()
    with pytest.raises(ValidationError, match="该结对已于 .* 结束，不能再记录联系。"):
        services.apprenticeship_contact_record(actor=world.actor("elder"), apprenticeship=pair, way=WAY.PHONE)
    with pytest.raises(ValidationError, match="请选择联系方式"):
        pair.ended_on = None
        services.apprenticeship_contact_record(actor=world.actor("elder"), apprenticeship=pair, way="telepathy")
    assert contacts() == []


# --- the page: tap a way, saved -----------------------------------------------------------------


def test_contact_page_has_a_big_button_per_way_and_one_tap_saves(world, pair):
    c = world.client("elder")
    url = reverse("elders:contact-new", args=[pair.pk])
    body = c.get(url).content.decode()
    for label in ("见面", "电话", "微信", "走访"):
        assert f">{label}</button>" in body
    assert "13711112222" not in body and "1371" not in body  # the mentee's phone is not shown
    r = c.post(url, {"way": "wechat"})
    assert r.status_code == 302 and r["Location"] == reverse("elders:home")
    assert contacts() == [(contacts()[0][0], TODAY(), "wechat")]
    home = c.get(reverse("elders:home")).content.decode()
    assert "已记录与吴新老的联系：微信" in home


def test_contact_page_refuses_a_future_date_and_writes_nothing(world, pair):
    c = world.client("elder")
    r = c.post(reverse("elders:contact-new", args=[pair.pk]),
               {"way": "phone", "date": (TODAY() + dt.timedelta(days=2)).isoformat(), "topic": "提前记"})
    assert r.status_code == 400
    assert "日期在未来：请在联系之后再记录。" in r.content.decode()
    assert contacts() == []


def test_contact_page_is_404_for_a_non_mentor(world, pair, other_elder_client):
    c, _ = other_elder_client
    url = reverse("elders:contact-new", args=[pair.pk])
    assert c.get(url).status_code == 404
    assert c.post(url, {"way": "phone"}).status_code == 404
    assert world.client("head_teacher_a").post(url, {"way": "phone"}).status_code == 404
    assert contacts() == []


def test_contact_api(world, pair, other_elder_client):
    body = {"apprenticeship": pair.pk, "way": "meeting", "topic": "第一次见面"}
    r = world.client("elder").post("/api/v1/elders/apprenticeship-contacts/", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["date"] == TODAY().isoformat()
    c, _ = other_elder_client
    r = c.post("/api/v1/elders/apprenticeship-contacts/", body, content_type="application/json")
    assert r.status_code == 404
    future = body | {"date": (TODAY() + dt.timedelta(days=1)).isoformat()}
    r = world.client("director").post("/api/v1/elders/apprenticeship-contacts/", future,
                                      content_type="application/json")
    assert r.status_code == 400 and "日期在未来" in r.content.decode()
    assert len(contacts()) == 1


def test_a_contact_with_hours_credits_the_mentor_once(world, pair):
    """Mentoring counts in the elder's service hours: the hours given with a contact, credited to the mentor."""
    client = world.client("elder")
    url = reverse("elders:contact-new", args=[pair.pk])
    assert client.post(url, {"way": "meeting", "topic": "一起备课", "hours": "1.5"}).status_code == 302
    record = ServiceRecord.objects.get(elder=world.elder)
    assert (record.hours, record.source, record.date) == (Decimal("1.5"), "mentoring", timezone.localdate())
    assert "一起备课" in record.description
    before = (ApprenticeshipContact.objects.count(), ServiceRecord.objects.count())
    response = client.post(url, {"way": "phone", "hours": "30"})
    assert response.status_code == 400 and "24" in response.content.decode()
    assert (ApprenticeshipContact.objects.count(), ServiceRecord.objects.count()) == before, "nothing written"
    client.post(url, {"way": "phone"})
    assert ServiceRecord.objects.filter(elder=world.elder).count() == 1, "a contact without hours credits nothing"
