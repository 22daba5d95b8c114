"""The screening summary and progress read the audience and the campaign's responses once, as plain rows (issue 21):
these tests keep them saying exactly what people's consent rules and the responses say, whatever the ages and
consents, and the summary page's queries constant however many students and responses there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from conftest import make_guardian, make_student
from xinhuo.core.tests.helpers import page_queries
from xinhuo.people.consent import students_with_consent, years_before
from xinhuo.people.models import Consent, ConsentNotice, Student
from xinhuo.people.tests.consent_helpers import guardian_consent, publish
from xinhuo.wellbeing.models import Response
from xinhuo.wellbeing.scales import Risk
from xinhuo.wellbeing.screening import selectors
from xinhuo.wellbeing.screening.selectors import campaign_audience

from .matrix_screening import a_campaign, submitted

pytestmark = pytest.mark.django_db


def own_consent(student) -> Consent:
    notice = ConsentNotice.objects.filter(school=student.school, purpose="screening").order_by("-version").first()
    return Consent.objects.create(school=student.school, student=student, purpose="screening",
                                  party=Consent.Party.STUDENT, notice=notice, method=Consent.Method.PAPER,
                                  given_at=timezone.now() - dt.timedelta(days=3))


def students_of_every_kind(world) -> list[Student]:
    """A student of each age group (under 14, 14 to 17, 18 and over, no birth date, and the day of each birthday)
    with no consent, the guardian's, their own, or both."""
    today = timezone.localdate()
    births = [years_before(today, 10), years_before(today, 14), years_before(today, 14) + dt.timedelta(days=1),
              years_before(today, 16), years_before(today, 18), years_before(today, 18) + dt.timedelta(days=1),
              years_before(today, 19), None]
    out = []
    for born in births:
        for kind in ("none", "guardian", "own", "both"):
            n = len(out) + 1
            s = make_student(world.school, world.class_a, f"2099{n:03d}", f"学生{n}", born=born or dt.date(2012, 1, 1),
                             seq=100 + n)
            if born is None:
                Student.objects.filter(pk=s.pk).update(birth_date=None)
            if kind in ("guardian", "both"):
                guardian_consent(world, student=s, guardian=make_guardian(world.school, f"家长{n}", "13800000000", s))
            if kind in ("own", "both"):
                own_consent(s)
            out.append(s)
    return out


def test_progress_counts_consent_exactly_as_the_consent_rules_do_for_every_age(world):
    publish(world)
    campaign = a_campaign(world)
    students_of_every_kind(world)
    audience = campaign_audience(campaign)
    consenting = set(students_with_consent(audience, "screening", school=world.school.pk).values_list("pk", flat=True))
    assert 0 < len(consenting) < audience.count(), "the data must hold students with and without consent"
    progress = {p.school_class.pk: p for p in selectors.campaign_progress(world.actor("counsellor"), campaign)}
    row = progress[world.class_a.pk]
    in_class = set(audience.filter(school_class=world.class_a).values_list("pk", flat=True))
    assert {s.pk for s in row.waiting} == consenting & in_class
    assert row.no_consent == len(in_class - consenting)
    assert row.students == len(in_class)


def test_without_a_notice_in_effect_no_one_has_consent(world):
    campaign = a_campaign(world)
    students_of_every_kind(world)  # consents to a notice published for them, then no longer in effect
    ConsentNotice.objects.filter(school=world.school).update(effective_from=timezone.localdate() + dt.timedelta(days=9))
    rows = selectors.campaign_progress(world.actor("counsellor"), campaign)
    assert sum(r.waiting_count for r in rows) == 0
    assert sum(r.no_consent for r in rows) == sum(r.students for r in rows) > 0


def test_the_summary_counts_started_submitted_and_risks_from_the_responses(world):
    publish(world)
    campaign = a_campaign(world)
    kids = students_of_every_kind(world)
    consenting = set(students_with_consent(campaign_audience(campaign), "screening", school=world.school.pk)
                     .values_list("pk", flat=True))
    ok = [s for s in kids if s.pk in consenting]
    submitted(world, campaign, ok[0])
    submitted(world, campaign, ok[1], {9: 2})  # the self-harm item: a high risk
    Response.objects.create(school=world.school, campaign=campaign, student=ok[2])  # started, not submitted
    # a respondent who has since left the school: no longer in the progress, still in the results' risk levels
    submitted(world, campaign, ok[3])
    Student.objects.filter(pk=ok[3].pk).update(status=Student.Status.GRADUATED)
    summary = selectors.campaign_summary(world.actor("counsellor"), campaign)
    row = next(p for p in summary.progress if p.school_class.pk == world.class_a.pk)
    assert (row.submitted, row.started) == (2, 1)
    risks = dict(summary.risks)
    assert sum(n or 0 for n in risks.values()) == 3
    expected = dict(Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
                    .values_list("risk").order_by().annotate(n=Count("pk")))
    assert risks == {str(r.label): expected.get(r.value, 0) for r in Risk}


def test_the_summary_page_reads_a_constant_number_of_queries(world):
    publish(world)
    campaign = a_campaign(world)
    url = reverse("wellbeing:campaign-detail", args=[campaign.pk])
    counsellor, director = world.client("counsellor"), world.client("director")
    few = page_queries(counsellor, url), page_queries(director, url)
    kids = students_of_every_kind(world)
    for s in kids[:6]:
        submitted(world, campaign, s)
    assert (page_queries(counsellor, url), page_queries(director, url)) == few


def test_a_student_of_a_grade_and_a_class_both_named_counts_once(world):
    publish(world)
    campaign = a_campaign(world, classes=[world.class_a])  # the grade holds class_a too
    audience = list(campaign_audience(campaign).values_list("pk", flat=True))
    assert len(audience) == len(set(audience)) and world.student_x.pk in audience
    rows = {p.school_class.pk: p for p in selectors.campaign_progress(world.actor("counsellor"), campaign)}
    assert rows[world.class_a.pk].students == Student.objects.filter(school_class=world.class_a,
                                                                     status=Student.Status.ENROLLED).count()


def test_the_classes_come_by_grade_then_class_number(world):
    from xinhuo.core.models import Grade, SchoolClass

    publish(world)
    grade_8 = Grade.objects.create(school=world.school, name="初二", level=8)
    class_8 = SchoolClass.objects.create(school=world.school, grade=grade_8, number=1, name="1班")
    # student numbers sorting the other way round: the order is the classes', not the students'
    make_student(world.school, class_8, "1000001", "初二学生", seq=90)
    Student.objects.filter(school_class=world.class_b).update(student_no="0000001")
    campaign = a_campaign(world, grades=[grade_8, world.grade])
    rows = selectors.campaign_progress(world.actor("counsellor"), campaign)
    assert [r.school_class.pk for r in rows] == [world.class_a.pk, world.class_b.pk, class_8.pk]
