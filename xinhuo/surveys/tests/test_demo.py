"""The demo school's surveys and mailbox tell the autumn term: the students' and parents' satisfaction surveys
open now (the README's student and parent have not answered yet and find them in "my surveys"), activity effect
surveys answered by participants, the elders' named survey closed, a draft for teachers; every answer valid for
its survey; letters in every state of the mailbox's workflow, one that alerted the counsellors, one overdue."""

from __future__ import annotations

import pytest
from django.utils import timezone

from xinhuo.core.access import build_actor
from xinhuo.core.demo import build_demo
from xinhuo.core.models import User
from xinhuo.surveys import questions as qs
from xinhuo.surveys.models import Message, MessageStatus, Participation, Purpose, Response, Survey, SurveyStatus
from xinhuo.surveys.selectors import open_surveys


@pytest.mark.django_db
def test_the_demo_surveys_and_mailbox():
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
    # the mailbox's autumn (the same build: a demo build is the slowest fixture there is)
    letters = list(Message.objects.filter(school=school))
    assert {m.status for m in letters} == set(MessageStatus.values)
    flagged = [m for m in letters if m.flagged]
    assert len(flagged) == 1 and flagged[0].assignee.username == "counsellor" and not flagged[0].reply_public
    today = timezone.localdate()
    assert any(m.status == MessageStatus.ASSIGNED and m.reply_due < today for m in letters)  # one overdue
    assert sum(m.reply_public for m in letters) >= 3
    for m in letters:
        steps = list(m.steps.order_by("at", "pk"))
        assert steps[0].by is None if m.anonymous else steps[0].by == m.writer
        assert timezone.localtime(steps[0].at).date() == m.received_on <= today
        assert (m.writer is None) == m.anonymous
