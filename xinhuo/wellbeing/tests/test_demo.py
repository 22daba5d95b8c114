"""The demo school's psychological health: the screening answered only by students with consent, results as score()
gives them, a realistic spread and two alerts (one acknowledged, one escalated) whose students answered an alert
item; three follow-up cases (contacting, in support with a referral, closed) of students whose results call for
them; the counsellor's slots with bookings and past sessions; the self-help corner and a talk request waiting."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.people.consent import has_consent
from xinhuo.wellbeing.models import (
    Alert,
    AlertStatus,
    Appointment,
    AppointmentStatus,
    Campaign,
    Case,
    CaseStatus,
    Party,
    PeerSupporter,
    Referral,
    Response,
    ScaleResult,
    SelfHelpItem,
    Slot,
    TalkRequest,
    WellbeingSettings,
)
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
    for r in responses:
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
    # every alert's student answered PHQ-A item 9, or item 12 or 13 "yes"
    phqa = next(s for s in scales_of(campaign) if s.code == "phqa")
    for a in alerts:
        given = answers_of(a.response)[str(phqa.pk)]
        assert given["9"] >= 1 or given["12"] >= 1 or given["13"] >= 1
        assert a.items and all(item.startswith("PHQA ") for item in a.items)


@pytest.mark.django_db
def test_the_demo_follow_up_counselling_and_self_help():
    build_demo(size="small", password="Demo-Pass-2026")
    counsellor = User.objects.get(username="counsellor")
    school = counsellor.memberships.get().school
    now, today = timezone.now(), timezone.localdate()
    campaign = Campaign.objects.get(school=school)
    risk = dict(Response.objects.filter(campaign=campaign).values_list("student_id", "risk"))
    phq = dict(ScaleResult.objects.filter(response__campaign=campaign, scale__code="phqa")
               .values_list("response__student_id", "total"))
    cases = {c.status: c for c in Case.objects.filter(school=school).prefetch_related("tasks", "messages",
                                                                                       "referrals", "steps")}
    assert set(cases) == {CaseStatus.CONTACTING, CaseStatus.SUPPORTING, CaseStatus.CLOSED}
    contacting, supporting, closed = (cases[s] for s in (CaseStatus.CONTACTING, CaseStatus.SUPPORTING,
                                                         CaseStatus.CLOSED))
    acknowledged = Alert.objects.get(school=school, status=AlertStatus.ACKNOWLEDGED)
    assert contacting.alert == acknowledged and contacting.student_id == acknowledged.student_id
    assert contacting.family_request and [t.party for t in contacting.tasks.all()] == [Party.HEAD_TEACHER]
    assert risk[contacting.student_id] == Risk.CRISIS
    # the head teacher of the demo sees the case of a student of their class
    assert contacting.student.school_class_id in build_actor(User.objects.get(username="teacher")).class_ids
    [referral] = supporting.referrals.all()
    assert referral.agency.endswith("心理科") and referral.agency_kind == Referral.AgencyKind.HOSPITAL
    assert referral.outcome and referral.consent_on <= referral.referred_on <= today
    family = [m for m in supporting.messages.all() if m.party == Party.FAMILY]
    assert family and family[0].author.memberships.get().role == "parent"
    assert family[0].author.guardian.students.filter(pk=supporting.student_id).exists()
    assert phq[supporting.student_id] >= 15 and risk[supporting.student_id] >= Risk.WARNING
    assert closed.summary and closed.closed_at is not None and closed.closed_at < now
    assert 10 <= phq[closed.student_id] <= 14
    for case in cases.values():  # the story runs after the screening, in order
        steps = sorted(case.steps.all(), key=lambda s: s.pk)
        assert campaign.opens_at < steps[0].at == case.opened_at < now
        assert [s.at for s in steps] == sorted(s.at for s in steps)
        assert [s.to_status for s in steps][-1] == case.status

    future = list(Slot.objects.filter(school=school, starts_at__gt=now).order_by("starts_at"))
    assert len(future) >= 6 and all(s.counsellor == counsellor and s.place == "心理辅导室" for s in future)
    assert all(timezone.localtime(s.starts_at).weekday() in (1, 3) and timezone.localtime(s.starts_at).hour >= 14
               and timezone.localdate(s.starts_at) <= today + timezone.timedelta(days=14) for s in future)
    booked = Appointment.objects.filter(school=school, status=AppointmentStatus.BOOKED, slot__starts_at__gt=now)
    assert sorted(booked.values_list("booked_as", flat=True)) == ["head_teacher", "parent", "student"]
    held = list(Appointment.objects.filter(school=school, status=AppointmentStatus.HELD).select_related("slot"))
    assert len(held) >= 3 and all(a.slot.starts_at < now and a.notes for a in held)
    assert {a.student_id for a in held} <= {supporting.student_id, closed.student_id}

    assert SelfHelpItem.objects.filter(school=school, published=True).count() >= 5
    assert SelfHelpItem.objects.filter(school=school, kind=SelfHelpItem.Kind.FIRST_AID).exists()
    assert PeerSupporter.objects.filter(school=school, active=True).count() == 2
    waiting = TalkRequest.objects.get(school=school, status=TalkRequest.Status.WAITING)
    assert waiting.student.user.username == "student" and waiting.message
    followed = {contacting.student_id, supporting.student_id, closed.student_id, acknowledged.student_id}
    assert followed.isdisjoint(PeerSupporter.objects.values_list("student_id", flat=True))
