"""The demo school's surveys tell the autumn term: the students' and parents' satisfaction surveys open now (the
README's student and parent have not answered yet and find them in "my surveys"), activity effect surveys answered
by participants, the elders' named survey closed, a draft for teachers; every answer valid for its survey."""

from __future__ import annotations

import pytest

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.surveys import questions as qs
from xinhuo.surveys.models import Participation, Purpose, Response, Survey, SurveyStatus
from xinhuo.surveys.selectors import open_surveys


@pytest.mark.django_db
def test_the_demo_surveys():
    build_demo(size="small", password="Demo-Pass-2026")
    director = User.objects.get(username="director")
    school = director.memberships.get().school
    surveys = {s.purpose: s for s in Survey.objects.filter(school=school)}
    assert set(surveys) == {Purpose.STUDENT_SATISFACTION, Purpose.PARENT_SATISFACTION, Purpose.ACTIVITY_EFFECT,
                            Purpose.ELDER_PARTICIPATION, Purpose.TEACHER_FEEDBACK}
    for survey in Survey.objects.filter(school=school).exclude(status=SurveyStatus.DRAFT):
        items = survey.specs()
        assert not qs.survey_problems(items)
        responses = list(Response.objects.filter(survey=survey))
        assert survey.response_count == len(responses) == Participation.objects.filter(survey=survey).count()
        assert len(responses) >= 5, survey.title
        for r in responses:
            answers, errors = qs.clean_answers(items, r.answers)
            assert not errors and answers == r.answers
            assert (r.respondent_id is None) == survey.anonymous
    assert surveys[Purpose.ACTIVITY_EFFECT].activity_id is not None
    assert surveys[Purpose.TEACHER_FEEDBACK].status == SurveyStatus.DRAFT
    for username in ("student", "parent"):
        user = User.objects.get(username=username)
        mine = open_surveys(build_actor(user, school.pk))
        assert mine and not any(done for _s, done in mine), username
