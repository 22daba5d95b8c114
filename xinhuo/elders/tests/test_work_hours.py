"""Service hours: exact totals per term and school year (a record counts in the term whose dates contain
it), this term and this year; managers record hours; other modules credit them once per source_ref."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from xinhuo.core.models import Role, SchoolYear, Term
from xinhuo.core.tests.helpers import when_run
from xinhuo.elders.models import Elder, ServiceRecord
from xinhuo.elders.work import selectors, services

D = Decimal
S = ServiceRecord.Source


def rows():
    return list(ServiceRecord.objects.order_by("pk").values_list("pk", "elder_id", "hours", "source_ref"))


@pytest.fixture
def last_year(world):
    y = SchoolYear.objects.create(school=world.school, name="2025-2026学年", start=dt.date(2025, 9, 1),
                                  end=dt.date(2026, 7, 15))
    Term.objects.create(school_year=y, name="第一学期", start=dt.date(2025, 9, 1), end=dt.date(2026, 1, 20))
    Term.objects.create(school_year=y, name="第二学期", start=dt.date(2026, 2, 20), end=dt.date(2026, 7, 10))
    return y


@pytest.fixture
def records(world, last_year):
    a = world.actor("director")
    for day, hours in [((2025, 10, 1), "1.1"), ((2025, 12, 5), "2.2"),  # last year, first term: 3.3
                       ((2026, 3, 15), "0.5"),  # second term
                       ((2026, 1, 30), "1.5"),  # winter holiday: in the year, in no term
                       ((2026, 8, 1), "2"),  # summer: in no year at all
                       ((2026, 10, 10), "4.5")]:  # this year, first term
        services.service_record_add(actor=a, elder=world.elder, date=dt.date(*day), hours=D(hours),
                                    description="党史宣讲")
    other = Elder.objects.create(school=world.school, name="钱老", gender="M", category=Elder.Category.TEACHER)
    services.service_record_add(actor=a, elder=other, date=dt.date(2025, 10, 1), hours=D("9"), description="别人的")


def test_totals_per_term_and_year_are_exact(world, records):
    h = selectors.service_hours(world.elder, world.school, today=dt.date(2026, 11, 29))
    assert [(t.name, t.hours) for t in h.terms] == [
        ("2026-2027学年 第一学期", D("4.5")),
        ("2025-2026学年 第二学期", D("0.5")),
        ("2025-2026学年 第一学期", D("3.3")),
    ]
    assert [(y.name, y.hours) for y in h.years] == [("2026-2027学年", D("4.5")), ("2025-2026学年", D("5.3"))]
    assert h.outside_terms == D("3.5")
    assert (h.this_term, h.this_year, h.total) == (D("4.5"), D("4.5"), D("11.8"))
    assert all(isinstance(x, Decimal) for x in (h.this_term, h.this_year, h.total))
    assert len(h.records) == 6


def test_this_term_and_year_follow_today(world, records):
    spring = selectors.service_hours(world.elder, world.school, today=dt.date(2026, 5, 1))
    assert (spring.this_term, spring.this_year) == (D("0.5"), D("5.3"))
    summer = selectors.service_hours(world.elder, world.school, today=dt.date(2026, 8, 10))
    assert summer.this_term is None  # no term in the summer
    assert summer.this_year == D("4.5")  # the year marked current


def test_hours_take_three_queries_however_many_records(world, last_year, django_assert_num_queries):
    for i in range(12):
        services.service_record_add(actor=world.actor("director"), elder=world.elder, date=dt.date(2025, 10, 1 + i),
                                    hours=D("1"), description=f"第{i}次")
    with django_assert_num_queries(3):
        selectors.service_hours(world.elder, world.school, today=dt.date(2026, 11, 29))


@pytest.mark.parametrize("kw, message", [
    (lambda: {"date": timezone.localdate() + dt.timedelta(days=1)}, "日期在未来：请在服务完成后再记录时长。"),
    ({"hours": D("0.4")}, "时长必须在 0.5 到 24 小时之间。"),
    ({"hours": D("24.5")}, "时长必须在 0.5 到 24 小时之间。"),
    ({"hours": D("1.25")}, "时长最多保留一位小数，例如 1.5。"),
    ({"description": "  "}, "请填写服务内容。"),
])
def test_recording_bad_hours_is_refused_and_writes_nothing(world, kw, message):
    args = {"date": dt.date(2026, 10, 10), "hours": D("2"), "description": "宣讲"} | when_run(kw)
    with pytest.raises(ValidationError) as info:
        services.service_record_add(actor=world.actor("director"), elder=world.elder, **args)
    assert message in " ".join(info.value.messages)
    assert rows() == []


def test_only_managers_record_hours(world):
    for persona in ("elder", "head_teacher_a", "outsider"):
        with pytest.raises(Http404):
            services.service_record_add(actor=world.actor(persona), elder=world.elder, date=dt.date(2026, 10, 10),
                                        hours=D("2"), description="宣讲")
    assert rows() == []


def test_a_credit_is_counted_once(world):
    kw = {"elder": world.elder, "date": dt.date(2026, 10, 10), "hours": D("2.5"), "source": S.ACTIVITY,
          "source_ref": "activity:12:signup:40", "description": "重阳节活动"}
    first = services.service_hours_credit(**kw)
    assert (first.hours, first.source, first.recorded_by) == (D("2.5"), S.ACTIVITY, None)
    before = rows()
    with pytest.raises(ValidationError) as info:
        services.service_hours_credit(**kw | {"hours": D("3")})
    assert "这些时长已计入周老（activity:12:signup:40），不会重复计算。" in info.value.messages
    assert rows() == before
    # the same reference for another elder is another credit
    other = Elder.objects.create(school=world.school, name="钱老", gender="M", category=Elder.Category.TEACHER)
    services.service_hours_credit(**kw | {"elder": other})
    assert len(rows()) == 2


def test_a_credit_needs_a_reference_and_valid_hours(world):
    kw = {"elder": world.elder, "date": dt.date(2026, 10, 10), "hours": D("2"), "source": S.MENTORING,
          "source_ref": "", "description": "结对"}
    with pytest.raises(ValidationError, match="以免重复计算"):
        services.service_hours_credit(**kw)
    with pytest.raises(ValidationError, match="0.5 到 24"):
        services.service_hours_credit(**kw | {"source_ref": "m:1", "hours": D("0")})
    with pytest.raises(Http404):  # an actor of another school
        services.service_hours_credit(**kw | {"source_ref": "m:1"}, actor=world.actor("outsider"))
    assert rows() == []


# --- the page and the API ---------------------------------------------------------------------


def test_manager_sees_the_totals_and_records_hours_on_the_page(world, records):
    c = world.client("director")
    url = reverse("elders:hours", args=[world.elder.pk])
    body = c.get(url).content.decode()
    assert "2025-2026学年 第一学期" in body and "3.3" in body and "11.8" in body and "学期之外（假期）" in body
    assert 'id="hours-form"' in body
    r = c.post(url, {"date": "2026-11-01", "hours": "1.5", "source": "other", "description": "整理校史"})
    assert r.status_code == 302
    assert ServiceRecord.objects.filter(elder=world.elder, description="整理校史", hours=D("1.5")).exists()
    before = rows()
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    r = c.post(url, {"date": future, "hours": "1.5", "source": "other", "description": "未来"})
    assert r.status_code == 400 and "日期在未来" in r.content.decode()
    assert rows() == before


def test_the_elder_sees_their_own_hours_only(world, records):
    c = world.client("elder")
    r = c.get(reverse("elders:hours", args=[world.elder.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert "我的服务时长" in body and 'id="hours-form"' not in body
    assert c.post(reverse("elders:hours", args=[world.elder.pk]),
                  {"date": "2026-11-01", "hours": "1", "source": "other", "description": "自己记"}).status_code == 404
    other = Elder.objects.get(name="钱老")
    assert c.get(reverse("elders:hours", args=[other.pk])).status_code == 404
    assert world.client("head_teacher_a").get(reverse("elders:hours", args=[world.elder.pk])).status_code == 404


def test_hours_api(world, records):
    r = world.client("elder").get(f"/api/v1/elders/hours/{world.elder.pk}/")
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == "11.8" and data["outside_terms"] == "3.5"
    assert {y["name"]: y["hours"] for y in data["years"]}["2025-2026学年"] == "5.3"
    other = Elder.objects.get(name="钱老")
    assert world.client("elder").get(f"/api/v1/elders/hours/{other.pk}/").status_code == 404


def test_an_elder_account_of_another_elder_cannot_see_hours(world, records):
    user = make_user("elder2", world.school, Role.ELDER)
    Elder.objects.filter(name="钱老").update(user=user)
    c = world.client(None)
    c.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    assert c.get(reverse("elders:hours", args=[world.elder.pk])).status_code == 404
