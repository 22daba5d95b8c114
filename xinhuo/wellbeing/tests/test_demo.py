"""The demo school's screening: answered only by students with consent, results as score() gives them, a realistic
spread and two alerts (one acknowledged, one escalated)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.people.consent import has_consent
from xinhuo.wellbeing.models import Alert, AlertStatus, Campaign, Response, ScaleResult, WellbeingSettings
from xinhuo.wellbeing.scales import Risk, score
from xinhuo.wellbeing.screening.selectors import answers_of, scales_of


@pytest.mark.django_db
def test_the_demo_screening():
    build_demo(size="small", password="Demo-Pass-2026")
    school = User.objects.get(username="counsellor").memberships.get().school
    campaign = Campaign.objects.get(school=school)
    assert campaign.title.endswith("年秋季心理健康筛查") and campaign.closes_at < timezone.now()
    assert sorted(campaign.grades.values_list("name", flat=True)) == ["初一", "初二"]
    assert [s.code for s in scales_of(campaign)] == ["phqa", "gad7"]
    responses = list(Response.objects.filter(campaign=campaign).select_related("student").prefetch_related(
        "results__scale"))
    assert len(responses) > 50
    specs = {s.pk: s.spec() for s in scales_of(campaign)}
    for r in responses[:40]:
        assert has_consent(r.student, "screening", timezone.localdate(campaign.closes_at))
        assert campaign.opens_at <= r.started_at < r.submitted_at <= campaign.closes_at + timezone.timedelta(hours=1)
        for result in r.results.all():
            given = {int(k): v for k, v in answers_of(r)[str(result.scale_id)].items()}
            expected = score(specs[result.scale_id], given)
            assert (result.total, result.band, result.risk) == (expected.total, expected.band.label,
                                                                int(expected.risk))
    phqa = Counter(ScaleResult.objects.filter(response__campaign=campaign, scale__code="phqa")
                   .values_list("band", flat=True))
    n = sum(phqa.values())
    assert (phqa["无或极轻微"] + phqa["轻度"]) / n > 0.75
    assert 0 < phqa["中度"] / n < 0.2
    alerts = list(Alert.objects.filter(school=campaign.school).order_by("pk"))
    assert [(a.status, a.escalated_at is not None) for a in alerts] == [(AlertStatus.ACKNOWLEDGED, False),
                                                                       (AlertStatus.OPEN, True)]
    assert all(a.response.risk == Risk.CRISIS and a.items for a in alerts)
    assert alerts[0].acknowledged_by.username == "counsellor"
    assert WellbeingSettings.objects.get(school=campaign.school).safeguarding_lead.username == "leader"
