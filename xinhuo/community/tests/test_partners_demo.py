"""The demo school's partners: about a dozen (a 社区 居委会, the 烈士陵园 and 革命纪念馆 red bases, the 县博物馆, a
company, the 武警 squadron, a 师范学院), one agreement ending within 30 days and one renewed, two joint meetings,
the red-culture study trips linked to their base, about thirty directory entries whose 县心理咨询中心 and
法律援助中心 the referral form offers; the committee's panel shows what ends soon."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from xinhuo.community.partners import selectors
from xinhuo.community.partners.models import (
    ActivityBase,
    Agreement,
    AgreementStatus,
    JointMeeting,
    Partner,
    PartnerKind,
    Resource,
)
from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.core.registry import hook


@pytest.mark.django_db
def test_the_demo_partners():
    build_demo(size="small", password="Demo-Pass-2026")
    director = build_actor(User.objects.get(username="director"))
    assert director is not None
    school = director.school
    partners = Partner.objects.filter(school=school)
    assert 10 <= partners.count() <= 15
    kinds = set(partners.values_list("kind", flat=True))
    assert {PartnerKind.COMMUNITY, PartnerKind.RED_BASE, PartnerKind.MUSEUM, PartnerKind.COMPANY,
            PartnerKind.MILITARY, PartnerKind.UNIVERSITY} <= kinds
    assert partners.filter(name="县烈士陵园", is_base=True).exists()
    today = timezone.localdate()
    in_force = Agreement.objects.filter(school=school, status=AgreementStatus.IN_FORCE)
    assert in_force.filter(ends_on__gt=today, ends_on__lte=today + dt.timedelta(days=30)).count() == 1
    renewed = Agreement.objects.get(school=school, status=AgreementStatus.RENEWED)
    assert renewed.renewals.get().status == AgreementStatus.IN_FORCE
    assert JointMeeting.objects.filter(school=school).count() == 2
    red_trips = ActivityBase.objects.filter(school=school, partner__kind=PartnerKind.RED_BASE)
    # what is held at a red base is a red-culture study trip (研学, 清明祭扫)
    assert red_trips.exists() and set(red_trips.values_list("activity__kind", flat=True)) == {"study_trip"}
    assert 25 <= Resource.objects.filter(school=school).count() <= 35
    names = [n for n, _d in hook("directory.agencies")(school, "psychological")]
    assert "县心理咨询中心" in names
    assert "县法律援助中心" in [n for n, _d in hook("directory.agencies")(school, "legal")]
    panel = selectors.dashboard_panel(director)
    assert panel and panel["expiring"] and panel["last_meeting"] is not None
    teacher = build_actor(User.objects.get(username="teacher"))
    assert teacher is not None
    assert selectors.resource_list(teacher, q="xlzx").filter(name="县心理咨询中心").exists()
