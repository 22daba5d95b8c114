"""The elder's own page on a phone: next tasks and activities, mentees with only what a mentor needs and
an overdue badge, hours, certificates, the latest notices; a friendly page without a registry entry;
the same number of queries however much there is to show."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from conftest import make_user
from xinhuo.core.models import Role
from xinhuo.core.services import notification_send
from xinhuo.core.tests.helpers import days
from xinhuo.elders.models import (
    ApprenticeshipContact,
    ApprenticeshipPair,
    Assignment,
    Award,
    Elder,
    ElderRole,
    RecreationEvent,
    TrainingAttendance,
    TrainingSession,
)
from xinhuo.elders.work import services


def fill(world, n: int, tag: str = ""):
    """n of everything for 周老 (the elder persona), and some that are not his or not upcoming."""
    director = world.actor("director")
    other = Elder.objects.create(school=world.school, name=f"别人{tag}", gender="M", category=Elder.Category.TEACHER)
    for i in range(n):
        Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.MORAL_MENTOR,
                                  need=f"任务{tag}{i}")
        s = TrainingSession.objects.create(school=world.school, kind=TrainingSession.Kind.STUDY, topic=f"学习{tag}{i}",
                                           date=days(3 + i))
        TrainingAttendance.objects.create(session=s, elder=world.elder)
        ev = RecreationEvent.objects.create(school=world.school, title=f"象棋赛{tag}{i}", date=days(5 + i))
        ev.participants.add(world.elder)
        mentee = Elder.objects.create(school=world.school, name=f"新老{tag}{i}", gender="F",
                                      category=Elder.Category.TEACHER, phone=f"1390000{i:04d}")
        pair = ApprenticeshipPair.objects.create(school=world.school, kind=ApprenticeshipPair.Kind.NEW_ELDER,
                                                 mentor=world.elder,
                                         mentee_elder=mentee, started_on=days(-60), contact_every_days=14)
        if i % 2:
            ApprenticeshipContact.objects.create(apprenticeship=pair, way="phone", date=days(-2))
        Award.objects.create(school=world.school, elder=world.elder, title=f"优秀五老{tag}{i}", awarded_on=days(-30),
                             issuer="县关工委", certificate_no=f"C{tag}{i}")
        services.service_record_add(actor=director, elder=world.elder, date=days(-1), hours=Decimal("1.5"),
                                    description=f"服务{tag}{i}")
    Assignment.objects.create(school=world.school, elder=world.elder, role=ElderRole.INSPECTOR, need=f"已结束{tag}",
                              status=Assignment.Status.ENDED)
    Assignment.objects.create(school=world.school, elder=other, role=ElderRole.INSPECTOR, need=f"别人的任务{tag}")
    past = TrainingSession.objects.create(school=world.school, kind=TrainingSession.Kind.STUDY,
                                          topic=f"已过的学习{tag}", date=days(-3))
    TrainingAttendance.objects.create(session=past, elder=world.elder)
    not_mine = RecreationEvent.objects.create(school=world.school, title=f"没参加的活动{tag}", date=days(4))
    not_mine.participants.add(other)
    for i in range(n + 5):
        notification_send(actor=director, school=world.school, recipients=[world.users["elder"]],
                          title=f"通知{tag}{i:02d}")


def test_home_shows_my_tasks_mentees_hours_certificates_and_latest_notices(world):
    fill(world, 2)
    r = world.client("elder").get(reverse("elders:home"))
    assert r.status_code == 200
    body = r.content.decode()
    for text in ("任务0", "任务1", "学习0", "象棋赛1", "新老0", "新老1", "优秀五老0"):
        assert text in body, text
    for text in ("已结束", "别人的任务", "已过的学习", "没参加的活动"):
        assert text not in body, text
    # mentees: name, kind, plan, last contact, overdue badge — no phone
    assert "每 14 天联系一次" in body and f"上次联系 {days(-2).isoformat()}" in body and "还没有联系过" in body
    assert body.count("该联系了") == 1  # 新老0 has never been contacted in 60 days; 新老1 was two days ago
    assert "1390000" not in body
    # hours (this term/year depend on today's date; both are links to the hours page)
    assert reverse("elders:hours", args=[world.elder.pk]) in body
    # notices: the latest five
    assert "通知06" in body and "通知02" in body and "通知01" not in body
    assert reverse("inbox") in body


def test_certificates_link_to_the_printable_certificate(world):
    fill(world, 1)
    award = Award.objects.get(elder=world.elder)
    try:
        url = reverse("elders:award-certificate", args=[award.pk])
    except NoReverseMatch:  # the recognition part defines it; until then the award shows without a link
        pytest.skip("elders:award-certificate is not defined yet")
    assert url in world.client("elder").get(reverse("elders:home")).content.decode()


def test_home_query_count_does_not_grow(world):
    def load(n, tag):
        fill(world, n, tag)
        c = world.client("elder")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(reverse("elders:home")).status_code == 200
        return len(ctx.captured_queries)

    assert load(1, "a") == load(8, "b")


def test_an_elder_account_without_a_registry_entry_gets_an_explanation(world):
    user = make_user("elder_new", world.school, Role.ELDER)
    c = world.client(None)
    c.force_login(user, backend="xinhuo.core.auth.UsernameOrMobileBackend")
    r = c.get(reverse("elders:home"))
    assert r.status_code == 200
    assert "您的账号还没有与本校五老信息库中的记录关联" in r.content.decode()


def test_the_navigation_leads_the_elder_to_the_page(world):
    body = world.client("elder").get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("elders:home")}"' in body and "我的服务" in body
    assert reverse("elders:home") not in world.client("director").get(reverse("dashboard")).content.decode()
