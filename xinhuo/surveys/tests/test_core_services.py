"""The foundation: building a survey, publishing it, answering once (named and anonymous), drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinhuo.surveys import services
from xinhuo.surveys.models import Participation, Response, SurveyStatus

pytestmark = pytest.mark.django_db


def open_survey(world, *, anonymous=True, **audience):
    director = world.actor("director")
    now = timezone.now()
    survey = services.survey_create(actor=director, title="满意度", anonymous=anonymous,
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=3),
                                    **(audience or {"for_students": True}))
    services.question_save(actor=director, survey=survey, kind="single", text="你满意吗", required=True,
                           options=["满意", "不满意"])
    services.question_save(actor=director, survey=survey, kind="long_text", text="为什么不满意",
                           show_if={"key": "q1", "values": [1]}, required=True)
    return services.survey_publish(actor=director, survey=survey)


def test_anonymous_answer_once_and_unlinked(world):
    survey = open_survey(world)
    student = world.actor("student_x")
    response = services.response_save(actor=student, survey=survey, raw={"q1": "0"})
    assert response.respondent_id is None and response.school_class_id is None
    assert response.answers == {"q1": 0}
    assert Participation.objects.filter(survey=survey, user=world.users["student_x"]).exists()
    with pytest.raises(ValidationError):
        services.response_save(actor=student, survey=survey, raw={"q1": "0"})
    assert Response.objects.filter(survey=survey).count() == 1
    survey.refresh_from_db()
    assert survey.response_count == 1


def test_skip_logic_requires_the_shown_question_only(world):
    survey = open_survey(world)
    with pytest.raises(ValidationError) as e:
        services.response_save(actor=world.actor("student_x"), survey=survey, raw={"q1": "1"})
    assert "q2" in e.value.message_dict
    response = services.response_save(actor=world.actor("student_y"), survey=survey,
                                       raw={"q1": "0", "q2": "不该保存"})
    assert response.answers == {"q1": 0}


def test_named_draft_then_submit(world):
    survey = open_survey(world, anonymous=False)
    student = world.actor("student_x")
    assert services.response_save(actor=student, survey=survey, raw={"q1": "1"}, submit=False, page=["q1"])
    assert services.draft_of(student, survey) == {"q1": 1}
    response = services.response_save(actor=student, survey=survey, raw={"q2": "食堂太挤"})
    assert response.respondent_id == world.users["student_x"].pk
    assert response.answers == {"q1": 1, "q2": "食堂太挤"}
    assert response.submitted_on == timezone.localdate()


def test_not_in_audience_refused(world):
    survey = open_survey(world, for_parents=True)
    with pytest.raises(ValidationError):
        services.response_save(actor=world.actor("student_x"), survey=survey, raw={"q1": "0"})
    assert services.response_save(actor=world.actor("parent_x"), survey=survey, raw={"q1": "0"}).audience == "parent"


def test_questions_frozen_once_answered(world):
    survey = open_survey(world)
    services.response_save(actor=world.actor("student_x"), survey=survey, raw={"q1": "0"})
    with pytest.raises(ValidationError):
        services.question_save(actor=world.actor("director"), survey=survey, kind="short_text", text="新问题")
    copy = services.survey_copy(actor=world.actor("director"), survey=survey, new_version=True)
    assert copy.version == 2 and copy.questions.count() == 2
    services.survey_publish(actor=world.actor("director"), survey=copy)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_condition_cannot_name_a_later_question(world):
    director = world.actor("director")
    now = timezone.now()
    survey = services.survey_create(actor=director, title="t", opens_at=now, closes_at=now + dt.timedelta(days=1),
                                    for_teachers=True)
    services.question_save(actor=director, survey=survey, kind="single", text="a", options=["x", "y"])
    q2 = services.question_save(actor=director, survey=survey, kind="single", text="b", options=["x", "y"],
                                show_if={"key": "q1", "values": [0]})
    with pytest.raises(ValidationError):
        services.question_save(actor=director, survey=survey, question=q2, kind="single", text="b",
                               options=["x", "y"], show_if={"key": "q2", "values": [0]})
    with pytest.raises(ValidationError):
        services.question_move(actor=director, survey=survey, question=q2, by=-1)


def test_daily_rewrite_leaves_no_order_of_writing(world):
    """PostgreSQL keeps rows where they were written: after the daily job the physical order is the random keys'
    order, so it no longer pairs the n-th participation with the n-th answer. SQLite stores them by key anyway."""
    from django.db import connection

    from xinhuo.surveys.anonymity import TABLES, shuffle

    survey = open_survey(world, for_students=True, for_parents=True)
    for persona in ("student_x", "student_y", "parent_x"):
        services.response_save(actor=world.actor(persona), survey=survey, raw={"q1": "0"})
    if connection.vendor != "postgresql":
        assert shuffle() == 0
        return
    assert shuffle() == len(TABLES)
    for table in TABLES:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT id FROM "{table}" ORDER BY ctid')  # noqa: S608 - our own table names
            physical = [row[0] for row in cursor.fetchall()]
        assert physical == sorted(physical)
