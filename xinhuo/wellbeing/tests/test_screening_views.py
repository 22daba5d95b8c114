"""The screening pages (PSY-1): a student answers one question per screen, resumes, confirms and submits once; the
refusals change nothing; a head teacher sees who of their classes has not answered and never a score; the
committee's summary hides counts under 5; the counsellor's item answers are access-logged."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from conftest import make_guardian
from xinhuo.core.models import AccessLog
from xinhuo.core.tests.helpers import page_queries
from xinhuo.people.tests.consent_helpers import guardian_consent
from xinhuo.wellbeing.models import Alert, Response, ScaleResult
from xinhuo.wellbeing.scales import PHQA, Risk

from .matrix_screening import a_campaign, submitted

pytestmark = pytest.mark.django_db


def consent(world, student=None):
    student = student or world.student_x
    guardian = world.guardian_x if student == world.student_x else make_guardian(
        world.school, f"{student.name}家长", "13800000000", student)
    return guardian_consent(world, student=student, guardian=guardian)


def shown_question(response) -> int | None:
    found = re.search(r'data-question="(\d+)"', response.content.decode())
    return int(found.group(1)) if found else None


def answer(client, campaign, item: int, value: int, scale=None):
    scale = scale or campaign.campaign_scales.get().scale
    return client.post(reverse("wellbeing:answer", args=[campaign.pk]),
                       {"scale": scale.pk, "item": item, "value": value})


def test_a_student_answers_phqa_one_question_per_screen_and_submits_once(world):
    consent(world)
    campaign = a_campaign(world)
    c = world.client("student_x")
    url = reverse("wellbeing:answer", args=[campaign.pk])
    mine = c.get(reverse("wellbeing:mine"))
    assert 'data-state="open"' in mine.content.decode()
    for item in PHQA.items:
        page = c.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert shown_question(page) == item.number
        assert f"{item.number - 1}/{len(PHQA.items)}" in html  # answered so far
        assert item.text in html
        assert PHQA.instructions in html
        assert all(o.label in html for o in PHQA.options_of(item))
        assert answer(c, campaign, item.number, 1 if item.number <= 8 else 0).status_code == 302
    confirm = c.get(url)
    assert 'id="confirm"' in confirm.content.decode()
    assert c.post(url, {"action": "submit"}).status_code == 302
    response = Response.objects.get(campaign=campaign, student=world.student_x)
    assert response.submitted_at is not None
    result = ScaleResult.objects.get(response=response)
    assert (result.total, result.band) == (8, "轻度")
    thanks = c.get(url).content.decode()
    assert 'id="thanks"' in thanks and 'id="help"' not in thanks
    assert "轻度" not in thanks and str(Risk.NONE.label) not in thanks, "never the band or the risk"
    # a second submission, or a changed answer, is refused and changes nothing
    again = c.post(url, {"action": "submit"})
    assert again.status_code == 400
    assert gettext("You have already submitted this screening; it cannot be answered twice.") in again.content.decode()
    assert answer(c, campaign, 1, 3).status_code == 400
    assert ScaleResult.objects.filter(response=response).count() == 1
    assert Response.objects.get(pk=response.pk).answers[str(result.scale_id)]["1"] in (1, "1")
    assert 'data-state="submitted"' in c.get(reverse("wellbeing:mine")).content.decode()


def test_resume_at_the_first_unanswered_and_change_an_earlier_answer(world):
    consent(world)
    campaign = a_campaign(world)
    c = world.client("student_x")
    url = reverse("wellbeing:answer", args=[campaign.pk])
    for item in (1, 2, 3):
        answer(c, campaign, item, 2)
    # leaving and coming back (a new session) resumes at question 4
    again = world.client("student_x")
    assert shown_question(again.get(url)) == 4
    mine = again.get(reverse("wellbeing:mine")).content.decode()
    assert 'data-state="started"' in mine and f"3/{len(PHQA.items)}" in mine
    # "previous": question 2 with its answer chosen, changed, then back at question 4
    page = again.get(url, {"q": 2})
    assert shown_question(page) == 2 and 'value="2" id="opt-3" autocomplete="off" checked' in page.content.decode()
    assert 'href="?q=1"' in page.content.decode()
    answer(again, campaign, 2, 0)
    assert shown_question(again.get(url)) == 4
    assert shown_question(again.get(url, {"q": 9})) == 4, "an unanswered question further on is not reachable"
    scale = campaign.campaign_scales.get().scale
    assert Response.objects.get(campaign=campaign).answers[str(scale.pk)] in (
        {"1": 2, "2": 0, "3": 2}, {"1": "2", "2": "0", "3": "2"})
    # an answer the scale does not offer is refused
    assert answer(again, campaign, 4, 7).status_code == 400
    assert shown_question(again.get(url)) == 4


def test_all_questions_on_one_page(world):
    consent(world)
    campaign = a_campaign(world, "一页筛查", one_per_screen=False)
    scale = campaign.campaign_scales.get().scale
    c = world.client("student_x")
    url = reverse("wellbeing:answer", args=[campaign.pk])
    page = c.get(url).content.decode()
    assert all(f'name="a-{scale.pk}-{i.number}"' in page for i in PHQA.items)
    assert c.post(url, {f"a-{scale.pk}-{i.number}": 0 for i in PHQA.items}).status_code == 302
    assert 'id="confirm"' in c.get(url).content.decode()
    assert c.post(url, {"action": "submit"}).status_code == 302
    assert ScaleResult.objects.get(response__student=world.student_x).total == 0


def test_without_consent_the_reason_is_shown_and_nothing_is_written(world):
    campaign = a_campaign(world)
    c = world.client("student_x")
    mine = c.get(reverse("wellbeing:mine")).content.decode()
    assert 'data-state="no_consent"' in mine
    reason = gettext("Under 14: a guardian's consent is needed.")
    page = c.get(reverse("wellbeing:answer", args=[campaign.pk])).content.decode()
    assert 'id="refusal"' in page and 'id="answer-form"' not in page
    refused = answer(c, campaign, 1, 1)
    assert refused.status_code == 400
    assert 'id="refusal"' in refused.content.decode()
    assert c.post(reverse("wellbeing:answer", args=[campaign.pk]), {"action": "submit"}).status_code == 400
    assert not Response.objects.exists()
    assert reason in mine or "我的同意书" in mine


def test_a_closed_window_and_another_class_are_refused(world):
    consent(world)
    closed = a_campaign(world, "已结束", opens_in_days=-5, closes_in_days=-1)
    other_class = a_campaign(world, "二班筛查", grades=[], classes=[world.class_b])
    c = world.client("student_x")
    page = c.get(reverse("wellbeing:answer", args=[closed.pk]))
    assert gettext("This screening has closed.") in page.content.decode()
    assert answer(c, closed, 1, 1).status_code == 400
    assert answer(c, other_class, 1, 1).status_code == 400
    assert gettext("This screening is not for your class.") in c.get(
        reverse("wellbeing:answer", args=[other_class.pk])).content.decode()
    assert not Response.objects.exists()


def test_a_draft_is_not_found_by_a_student(world):
    draft = a_campaign(world, "草稿", status="draft")
    assert world.client("student_x").get(reverse("wellbeing:answer", args=[draft.pk])).status_code == 404


def test_a_head_teacher_sees_who_of_their_class_has_not_answered_and_no_score(world):
    consent(world)
    consent(world, world.student_y)
    consent(world, world.student_z)
    campaign = a_campaign(world)
    submitted(world, campaign, world.student_x, {1: 3, 2: 3, 3: 3, 4: 3, 5: 2})
    html = world.client("head_teacher_a").get(reverse("wellbeing:campaign-detail", args=[campaign.pk]))
    assert html.status_code == 200
    body = html.content.decode()
    assert world.student_y.name in body, "who has not yet answered"
    assert world.student_z.name not in body, "another class"
    assert 'id="risks"' not in body and 'id="results"' not in body
    for secret in ("中度", "轻度", "无或极轻微", str(Risk.ATTENTION.label)):
        assert secret not in body
    # the score (14) as a figure of its own, not inside a date, a time or the CSRF token
    assert not re.search(r"(?<![\w:\-])14(?![\w:\-])", body)
    assert AccessLog.objects.filter(user=world.users["head_teacher_a"], object_type="screening_progress").exists()
    # nor the counsellor's pages
    c = world.client("head_teacher_a")
    assert c.get(reverse("wellbeing:results", args=[campaign.pk])).status_code == 404
    assert c.get(reverse("wellbeing:response-detail",
                         args=[Response.objects.get().pk])).status_code == 404


def test_the_directors_summary_hides_counts_under_5(world):
    campaign = a_campaign(world)
    submitted(world, campaign, world.student_x)
    director = world.client("director").get(reverse("wellbeing:campaign-detail", args=[campaign.pk]))
    summary = director.context["summary"]
    assert summary.suppressed and dict(summary.bands[PHQA.name])["无或极轻微"] is None
    assert "&lt;5" in director.content.decode() and 'id="suppressed"' in director.content.decode()
    counsellor = world.client("counsellor").get(reverse("wellbeing:campaign-detail", args=[campaign.pk]))
    assert dict(counsellor.context["summary"].bands[PHQA.name])["无或极轻微"] == 1
    assert "&lt;5" not in counsellor.content.decode()


def test_the_summary_counts_the_follow_up_cases_it_led_to_by_state(world):
    from xinhuo.wellbeing.models import Case, CaseStatus

    campaign = a_campaign(world)
    submitted(world, campaign, world.student_x)
    Case.objects.create(school=world.school, student=world.student_x, counsellor=world.users["counsellor"],
                        status=CaseStatus.SUPPORTING)
    Case.objects.create(school=world.school, student=world.student_y, counsellor=world.users["counsellor"])
    url = reverse("wellbeing:campaign-detail", args=[campaign.pk])
    counsellor = dict(world.client("counsellor").get(url).context["summary"].cases)
    assert counsellor[str(CaseStatus.SUPPORTING.label)] == 1  # student_y did not answer this screening
    assert sum(n for n in counsellor.values() if n) == 1
    director = dict(world.client("director").get(url).context["summary"].cases)
    assert director[str(CaseStatus.SUPPORTING.label)] is None  # under 5: "<5"


def test_the_counsellor_reads_results_and_item_answers_and_each_reading_is_logged(world):
    campaign = a_campaign(world)
    r = submitted(world, campaign, world.student_x, {1: 2})
    c = world.client("counsellor")
    results = c.get(reverse("wellbeing:results", args=[campaign.pk]))
    assert world.student_x.name in results.content.decode()
    assert AccessLog.objects.filter(user=world.users["counsellor"], object_type="screening_result",
                                    action="list").exists()
    detail = c.get(reverse("wellbeing:response-detail", args=[r.pk]))
    body = detail.content.decode()
    assert "一半以上的天数 (2)" in body and PHQA.items[0].text in body
    log = AccessLog.objects.get(user=world.users["counsellor"], object_type="screening_response")
    assert (log.action, log.object_id) == ("view", str(r.pk))


def test_the_counsellor_creates_publishes_and_cancels(world):
    from xinhuo.wellbeing.models import Campaign
    from xinhuo.wellbeing.tests.matrix_screening import standard_scale

    c = world.client("counsellor")
    phqa = standard_scale("phqa")
    data = {"title": "冬季筛查", "scales": [phqa.pk], "grades": [world.grade.pk], "opens_at": "2026-01-01T08:00",
            "closes_at": "2099-01-01T08:00", "one_per_screen": "on", "note": ""}
    assert c.post(reverse("wellbeing:campaign-new"), {**data, "closes_at": "2025-01-01T08:00"}).status_code == 400
    assert c.post(reverse("wellbeing:campaign-new"), data).status_code == 302
    campaign = Campaign.objects.get(title="冬季筛查")
    assert campaign.status == "draft"
    page = c.get(reverse("wellbeing:campaign-edit", args=[campaign.pk]))
    assert page.status_code == 200 and "冬季筛查" in page.content.decode()
    c.post(reverse("wellbeing:campaign-publish", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "published"
    c.post(reverse("wellbeing:campaign-cancel", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "cancelled"


def test_list_pages_keep_a_constant_query_count(world):
    consent(world)

    def counts():
        return {
            "counsellor": page_queries(world.client("counsellor"), reverse("wellbeing:campaigns")),
            "head_teacher_a": page_queries(world.client("head_teacher_a"), reverse("wellbeing:campaigns")),
            "student_x": page_queries(world.client("student_x"), reverse("wellbeing:mine")),
        }

    a_campaign(world, "筛查0")
    few = counts()
    for i in range(1, 6):
        campaign = a_campaign(world, f"筛查{i}", codes=("phqa", "gad7"))
        if i % 2:
            submitted(world, campaign, world.student_y)
    assert counts() == few


def test_an_alert_answer_shows_calm_help_never_a_score(world, settings):
    settings.XINHUO_WELLBEING_HOTLINES = [("全国青少年服务台", "12355")]
    consent(world)
    campaign = a_campaign(world)
    c = world.client("student_x")
    for item in PHQA.items:
        answer(c, campaign, item.number, 1 if item.number == 9 else 0)
    c.post(reverse("wellbeing:answer", args=[campaign.pk]), {"action": "submit"})
    assert Alert.objects.filter(student=world.student_x, status="open").count() == 1
    body = c.get(reverse("wellbeing:answer", args=[campaign.pk])).content.decode()
    assert 'id="help"' in body and 'href="tel:12355"' in body
    for secret in ("无或极轻微", "PHQA 9", str(Risk.WARNING.label), str(Risk.CRISIS.label), "预警"):
        assert secret not in body
