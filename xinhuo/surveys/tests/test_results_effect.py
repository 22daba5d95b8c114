"""What surveys give the rest of the platform (SRV-4): satisfaction(school, year, audience) for the evaluation app,
activity_effect(activity), and the effect survey's block on the activity's page (a core object panel)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from xinhuo.activities.tests.helpers import published
from xinhuo.core import registry
from xinhuo.core.registry import Panel
from xinhuo.surveys import services
from xinhuo.surveys.models import Participation, SurveyStatus
from xinhuo.surveys.results import selectors

from .results_support import add, make_survey

pytestmark = pytest.mark.django_db

PANEL = Panel("activity_effect", "surveys/activity_panel.html", "xinhuo.surveys.results.selectors.activity_panel",
              order=50, place="activity")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def this_year():
    today = timezone.localdate()
    return SimpleNamespace(start=today - dt.timedelta(days=60), end=today + dt.timedelta(days=60))


SCALES = [{"kind": "likert", "text": "我喜欢学校的活动", "points": 5},
          {"kind": "matrix", "text": "满意度", "rows": ["食堂", "安全"], "points": 5}]


def test_satisfaction_is_the_mean_score_of_the_audience_responses(world):
    survey = make_survey(world, anonymous=False, purpose="student_satisfaction", questions=SCALES,
                         for_students=True, for_parents=True)
    add(survey, {"q1": 5, "q2": {"0": 5, "1": 5}})  # 100
    add(survey, {"q1": 3})  # 50
    add(survey, {"q1": 1, "q2": {"0": 1}})  # 0
    add(survey, {"q1": 5}, audience="parent")  # another audience
    result = selectors.satisfaction(world.school, this_year(), "student")
    assert (result.score, result.n, [s.pk for s in result.surveys]) == (50.0, 3, [survey.pk])
    assert selectors.satisfaction(world.school, this_year(), "parent").score == 100.0
    assert selectors.satisfaction(world.school, this_year(), "elder") is None
    last_year = SimpleNamespace(start=this_year().start - dt.timedelta(days=400),
                                end=this_year().start - dt.timedelta(days=200))
    assert selectors.satisfaction(world.school, last_year, "student") is None
    assert selectors.satisfaction(world.other, this_year(), "student") is None


def test_satisfaction_leaves_out_small_anonymous_surveys_and_other_purposes(world):
    small = make_survey(world, purpose="student_satisfaction", questions=SCALES)
    for _i in range(4):
        add(small, {"q1": 5})
    general = make_survey(world, anonymous=False, purpose="general", questions=SCALES)
    add(general, {"q1": 1})
    assert selectors.satisfaction(world.school, this_year(), "student") is None
    add(small, {"q1": 1})
    result = selectors.satisfaction(world.school, this_year(), "student")
    assert (result.score, result.n) == (80.0, 5)


def effect_survey(world, activity, answers=()):
    organiser = world.actor("head_teacher_a")
    survey = services.survey_from_template(actor=organiser, template="activity_effect", activity=activity)
    survey = services.survey_publish(actor=organiser, survey=survey)
    for overall, recommend in answers:
        add(survey, {"overall": overall, "organised": 4, "gained": [0], "recommend": recommend})
    return survey


def test_activity_effect_gives_mean_rating_and_share_recommending(world):
    activity = published(world)
    assert selectors.activity_effect(activity) is None
    survey = effect_survey(world, activity, [(5, 0), (4, 0), (4, 1), (3, 0), (5, 2)])
    effect = selectors.activity_effect(activity)
    assert (effect.survey.pk, effect.n, effect.overall, effect.points, effect.recommend_pct, effect.hidden) == (
        survey.pk, 5, 4.2, 5, 60.0, False)


def test_activity_effect_of_an_anonymous_survey_under_five_gives_no_numbers(world):
    activity = published(world)
    effect_survey(world, activity, [(1, 2)])
    effect = selectors.activity_effect(activity)
    assert effect.hidden and effect.overall is None and effect.recommend_pct is None and effect.n == 1


def test_panel_offers_the_organiser_to_create_the_survey(world):
    activity = published(world)
    panel = selectors.activity_panel(world.actor("head_teacher_a"), activity)
    assert panel["survey"] is None and panel["create_url"] == reverse("surveys:activity-effect",
                                                                     args=[activity.pk])
    assert selectors.activity_panel(world.actor("director"), activity)["create_url"]  # the committee too
    for persona in ("head_teacher_b", "parent_x", "student_x", "elder"):
        assert selectors.activity_panel(world.actor(persona), activity) is None


def test_panel_shows_the_status_count_and_result_then_links_participants(world):
    activity = published(world)
    survey = effect_survey(world, activity, [(5, 0), (4, 0), (4, 1), (3, 0), (5, 2)])
    panel = selectors.activity_panel(world.actor("head_teacher_a"), activity)
    assert panel["survey"].pk == survey.pk and panel["effect"].overall == 4.2
    assert panel["results_url"] == reverse("surveys:results", args=[survey.pk])
    # a participant of the activity is linked to the survey while it is open, and thanked once they answered
    from xinhuo.activities.tests.helpers import signup_x

    signup_x(world, activity)
    student = world.actor("student_x")
    assert selectors.activity_panel(student, activity)["answer_url"] == reverse("surveys:answer", args=[survey.pk])
    Participation.objects.create(survey=survey, user=world.users["student_x"], audience="student")
    assert selectors.activity_panel(student, activity)["answered"]
    assert selectors.activity_panel(world.actor("student_y"), activity) is None  # not a participant


def test_a_draft_effect_survey_links_to_its_build_page(world):
    activity = published(world)
    survey = services.survey_from_template(actor=world.actor("head_teacher_a"), template="activity_effect",
                                           activity=activity)
    panel = selectors.activity_panel(world.actor("head_teacher_a"), activity)
    assert panel["survey"].status == SurveyStatus.DRAFT and panel["effect"] is None
    assert panel["detail_url"] == reverse("surveys:detail", args=[survey.pk]) and not panel["results_url"]


def test_the_activity_page_shows_the_effect_block_without_importing_surveys(world):
    surveys = next(m for m in registry.manifests() if m.label == "surveys")
    assert PANEL in surveys.panels  # declared by the manifest: the activities app names no survey
    activity = published(world)
    url = reverse("activities:detail", args=[activity.pk])
    html = world.client("head_teacher_a").get(url).content.decode()
    assert 'id="effect-survey"' in html and 'id="effect-create"' in html
    effect_survey(world, activity, [(5, 0), (4, 0), (4, 1), (3, 0), (5, 2)])
    html = world.client("head_teacher_a").get(url).content.decode()
    assert 'id="effect-result"' in html and "4.2" in html and "60.0%" in html
    assert 'id="effect-survey"' not in world.client("head_teacher_b").get(url).content.decode()
