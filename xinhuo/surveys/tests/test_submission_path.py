"""The submission hot path (bench/load_surveys.py): what it reads, and that what it keeps per process is never stale
— questions are kept only once nobody can change them (published and answered), an audience once published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinhuo.surveys import selectors, services
from xinhuo.surveys.models import Participation, Response

pytestmark = pytest.mark.django_db


def survey_for(world, **audience):
    director = world.actor("director")
    now = timezone.now()
    survey = services.survey_create(actor=director, title="长者满意度", anonymous=True,
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=3),
                                    **(audience or {"for_elders": True}))
    services.question_save(actor=director, survey=survey, kind="single", text="满意吗", required=True,
                           options=["满意", "不满意"])
    services.question_save(actor=director, survey=survey, kind="short_text", text="建议")
    return services.survey_publish(actor=director, survey=survey)


def test_an_answered_surveys_submission_reads_the_survey_and_writes_in_one_transaction(world,
                                                                                      django_assert_num_queries):
    survey = survey_for(world, for_elders=True, for_teachers=True)
    for persona in ("elder", "counsellor"):  # the first answer freezes the questions; the next reads them once
        actor = world.actor(persona)
        services.response_save(actor=actor, survey=selectors.answerable(actor, survey.pk, questions=False),
                               raw={"q1": 0})
    teacher = world.actor("head_teacher_a")
    # the survey's row, then (a savepoint in a test) participation, response, the count: no look for an earlier
    # answer first, the participation's unique key refuses a second one
    with django_assert_num_queries(6):
        found = selectors.answerable(teacher, survey.pk, questions=False)
        response = services.response_save(actor=teacher, survey=found, raw={"q1": 1, "q2": "多办活动"})
    assert response.answers == {"q1": 1, "q2": "多办活动"} and response.respondent_id is None
    assert Response.objects.filter(survey=survey).count() == Participation.objects.filter(survey=survey).count() == 3
    with pytest.raises(ValidationError) as twice:
        services.response_save(actor=teacher, survey=selectors.answerable(teacher, survey.pk, questions=False),
                               raw={"q1": 0})
    assert twice.value.messages == ["你已经填写过这份问卷，谢谢！"]
    assert Response.objects.filter(survey=survey).count() == 3


def test_questions_changed_before_the_first_answer_count(world):
    """A published survey nobody has answered may still change its questions: a submission then checks the new
    ones, even after an earlier refused submission read the old ones."""
    survey = survey_for(world)
    elder = world.actor("elder")
    with pytest.raises(ValidationError):
        services.response_save(actor=elder, survey=selectors.answerable(elder, survey.pk, questions=False), raw={})
    question = survey.questions.get(key="q2")
    services.question_save(actor=world.actor("director"), survey=survey, question=question, kind="short_text",
                           text="建议", required=True)
    with pytest.raises(ValidationError) as refused:
        services.response_save(actor=elder, survey=selectors.answerable(elder, survey.pk, questions=False),
                               raw={"q1": 0})
    assert "q2" in refused.value.message_dict
    response = services.response_save(actor=elder, survey=selectors.answerable(elder, survey.pk, questions=False),
                                      raw={"q1": 0, "q2": "好"})
    assert response.answers == {"q1": 0, "q2": "好"}


def test_a_drafts_audience_is_read_afresh(world):
    """seat() keeps a published survey's audience; a draft's can change and is read each time."""
    director = world.actor("director")
    now = timezone.now()
    draft = services.survey_create(actor=director, title="班级调查", for_students=True, classes=[world.class_b],
                                   opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=3))
    student = world.actor("student_x")  # of class A
    assert selectors.seat(student, draft) is None
    services.survey_update(actor=director, survey=draft, title="班级调查", for_students=True,
                           classes=[world.class_a], opens_at=draft.opens_at, closes_at=draft.closes_at)
    draft.refresh_from_db()
    assert selectors.seat(student, draft).class_id == world.class_a.pk
    services.question_save(actor=director, survey=draft, kind="single", text="满意吗", options=["是", "否"])
    published = services.survey_publish(actor=director, survey=draft)
    assert selectors.seat(student, published).class_id == world.class_a.pk
    assert selectors.seat(world.actor("student_y"), published) is not None
