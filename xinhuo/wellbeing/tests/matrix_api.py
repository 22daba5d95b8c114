"""Access-matrix cases of the wellbeing API (/api/v1/wellbeing/...): the same rules as the pages.

A published screening of the whole 初一 (class_a and class_b): those who run or follow screenings list it, the
students of the grade answer it (without consent, answering and submitting are refused with a 400), and the
escalated alert of matrix_alerts is for its handlers."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

from .matrix_alerts import HANDLERS, escalated_alert

FOLLOW = {"counsellor", "director", "leader", "head_teacher_a", "head_teacher_b"}
STUDENTS = {"student_x", "student_y"}


def open_campaign(w, e=None):
    import datetime as dt

    from django.utils import timezone

    from xinhuo.wellbeing.models import Campaign, CampaignScale, CampaignStatus, Scale

    found = Campaign.objects.filter(school=w.school, title="矩阵筛查").first()
    if found:
        return found.pk
    now = timezone.now()
    campaign = Campaign.objects.create(school=w.school, title="矩阵筛查", status=CampaignStatus.PUBLISHED,
                                       opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7))
    CampaignScale.objects.create(campaign=campaign, scale=Scale.objects.get(school=None, code="gad7"))
    campaign.grades.set([w.grade])
    return campaign.pk


CASES: list = [
    Case("api:wellbeing-campaign-list", FOLLOW | {"outsider"}, api=True),
    Case("api:wellbeing-campaign-detail", FOLLOW, kwargs=k(pk=open_campaign), api=True),
    Case("api:wellbeing-screening-list", STUDENTS, api=True),
    Case("api:wellbeing-screening-questions", STUDENTS, kwargs=k(pk=open_campaign), api=True),
    Case("api:wellbeing-screening-answer", STUDENTS, ok=400, method="post", kwargs=k(pk=open_campaign), api=True),
    Case("api:wellbeing-screening-submit", STUDENTS, ok=400, method="post", kwargs=k(pk=open_campaign), api=True),
    Case("api:wellbeing-alert-list", HANDLERS | {"outsider"}, api=True),
    Case("api:wellbeing-alert-detail", HANDLERS, kwargs=k(pk=escalated_alert), api=True),
    Case("api:wellbeing-alert-acknowledge", HANDLERS, method="post", data={"note": "已联系"},
         kwargs=k(pk=escalated_alert), api=True),
]
