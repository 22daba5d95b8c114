"""Access-matrix cases of the screening pages and endpoints.

秋季筛查 is a published PHQ-A screening of 初一 (both classes), open now; 春季筛查 is a draft; student_y has
submitted 秋季筛查. Students answer (student_x, 13, without the guardian's consent, is told why: still 200); the
counsellor manages, reads results and item answers; the director and the leader see the summary; the head
teachers their classes' progress. The other school's director (outsider) gets 404 on every object here.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.core.tests.matrix import Case, k

STUDENTS = {"student_x", "student_y"}
LISTS = {"director", "leader", "counsellor", "head_teacher_a", "head_teacher_b"}
COUNSELLOR = {"counsellor"}


def standard_scale(code: str = "phqa"):
    """A standard scale (the data migration writes them; a flushed database of a browser test has lost them)."""
    from xinhuo.wellbeing.install import install_standard_scales
    from xinhuo.wellbeing.models import Scale, ScaleBand, ScaleItem, ScaleOption

    found = Scale.objects.filter(school=None, code=code).first()
    if found is None:
        install_standard_scales({"Scale": Scale, "ScaleItem": ScaleItem, "ScaleOption": ScaleOption,
                                 "ScaleBand": ScaleBand})
        found = Scale.objects.get(school=None, code=code)
    return found


def a_campaign(w, title: str = "秋季筛查", *, status: str = "published", codes=("phqa",), grades=None,
               classes=(), one_per_screen: bool = True, opens_in_days: int = -1, closes_in_days: int = 7):
    from xinhuo.wellbeing.models import Campaign, CampaignScale

    found = Campaign.objects.filter(school=w.school, title=title).first()
    if found:
        return found
    now = timezone.now()
    c = Campaign.objects.create(school=w.school, title=title, status=status, one_per_screen=one_per_screen,
                                opens_at=now + dt.timedelta(days=opens_in_days),
                                closes_at=now + dt.timedelta(days=closes_in_days),
                                created_by=w.users["counsellor"])
    for n, code in enumerate(codes):
        CampaignScale.objects.create(campaign=c, scale=standard_scale(code), order=n)
    c.grades.set([w.grade] if grades is None else grades)
    c.classes.set(classes)
    return c


def submitted(w, campaign, student, answers: dict[int, int] | None = None):
    """A submitted response written straight to the tables (all answers 0 unless given)."""
    from xinhuo.wellbeing.models import Response, ScaleResult
    from xinhuo.wellbeing.scales import score

    scale = campaign.campaign_scales.first().scale
    spec = scale.spec()
    given = {i.number: 0 for i in spec.items} | (answers or {})
    result = score(spec, given)
    r = Response.objects.create(school=w.school, campaign=campaign, student=student, submitted_at=timezone.now(),
                                answers={str(scale.pk): {str(n): v for n, v in given.items()}},
                                risk=int(result.risk))
    ScaleResult.objects.create(response=r, scale=scale, total=result.total,
                               band=result.band.label if result.band else "", risk=int(result.risk))
    return r


def campaign(w, e=None):
    return a_campaign(w).pk


def draft(w, e=None):
    return a_campaign(w, "春季筛查", status="draft").pk


def response(w, e=None):
    from xinhuo.wellbeing.models import Response

    c = a_campaign(w)
    found = Response.objects.filter(campaign=c, student=w.student_y).first()
    return (found or submitted(w, c, w.student_y)).pk


CASES = [
    Case("wellbeing:mine", STUDENTS),
    Case("wellbeing:answer", STUDENTS, kwargs=k(pk=campaign)),
    Case("wellbeing:campaigns", LISTS | {"outsider"}),  # their own school's
    Case("wellbeing:campaign-new", COUNSELLOR),
    Case("wellbeing:campaign-detail", LISTS, kwargs=k(pk=campaign)),
    Case("wellbeing:campaign-edit", COUNSELLOR, kwargs=k(pk=campaign)),
    Case("wellbeing:campaign-publish", COUNSELLOR, ok=302, method="post", kwargs=k(pk=draft)),
    Case("wellbeing:campaign-cancel", COUNSELLOR, ok=302, method="post", kwargs=k(pk=campaign)),
    Case("wellbeing:results", COUNSELLOR, kwargs=k(pk=campaign)),
    Case("wellbeing:response-detail", COUNSELLOR, kwargs=k(pk=response)),
]
