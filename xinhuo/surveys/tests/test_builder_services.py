"""Building questionnaires (SRV-1, SRV-4): each question type's definition, conditions that may only look back,
moves and deletions that would break a condition, who may survey whom, publishing, frozen questions and new
versions, copies, the templates, and an activity's effect survey for its participants. Each refusal writes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinhuo.activities import services as activity_services
from xinhuo.activities.tests import helpers as activity_helpers
from xinhuo.surveys import questions as qs
from xinhuo.surveys import selectors, services
from xinhuo.surveys.models import Audience, Purpose, Question, Survey, SurveyStatus
from xinhuo.surveys.starters import TEMPLATES

pytestmark = pytest.mark.django_db


def window(days: int = 7) -> dict:
    now = timezone.now()
    return {"opens_at": now - dt.timedelta(hours=1), "closes_at": now + dt.timedelta(days=days)}


def draft(world, persona="director", **audience) -> Survey:
    return services.survey_create(actor=world.actor(persona), title="满意度调查", **window(),
                                  **(audience or {"for_students": True}))


def questions_of(survey) -> list[tuple]:
    return list(Question.objects.filter(survey=survey).order_by("order").values_list("key", "kind", "text",
                                                                                       "show_if"))


def refused(call, **kw) -> ValidationError:
    """The call raises and leaves the survey's questions as they were."""
    before = questions_of(kw["survey"])
    with pytest.raises(ValidationError) as e:
        call(**kw)
    assert questions_of(kw["survey"]) == before
    return e.value


# -- every question type ------------------------------------------------------------------------------------------

GOOD = {
    "section": {"text": "第一部分"},
    "page": {},
    "single": {"text": "你满意吗", "options": ["满意", "不满意"]},
    "multiple": {"text": "你喜欢哪些活动", "options": ["读书", "演讲", "志愿"], "min_choices": 1, "max_choices": 2},
    "likert": {"text": "活动有帮助", "points": 5},
    "rating": {"text": "打分", "points": 10},
    "short_text": {"text": "一句话"},
    "long_text": {"text": "建议"},
    "number": {"text": "每月几小时", "min_value": 0, "max_value": 200},
    "date": {"text": "哪天参加"},
    "matrix": {"text": "满意度", "rows": ["食堂", "宿舍"], "points": 7},
    "ranking": {"text": "排序", "options": ["甲", "乙", "丙"]},
}
BAD = {
    "section": ({"text": ""}, "text"),
    "page": ({"required": True}, None),  # a page break is never required: the service drops it, so it is saved
    "single": ({"text": "你满意吗", "options": ["满意"]}, "options"),
    "multiple": ({"text": "多选", "options": ["a", "b"], "max_choices": 3}, "max_choices"),
    "likert": ({"text": "量表", "points": 6}, "points"),
    "rating": ({"text": "打分", "points": 11}, "points"),
    "short_text": ({"text": "  "}, "text"),
    "long_text": ({"text": "x" * 301}, "text"),
    "number": ({"text": "数字", "min_value": 5, "max_value": 1}, "min_value"),
    "date": ({"text": ""}, "text"),
    "matrix": ({"text": "矩阵", "rows": [], "points": 5}, "rows"),
    "ranking": ({"text": "排序", "options": ["甲", "甲"]}, "options"),
}


@pytest.mark.parametrize("kind", qs.Kind.values)
def test_every_kind_saves_when_well_formed_and_is_refused_by_field_when_not(world, kind):
    director = world.actor("director")
    survey = draft(world)
    question = services.question_save(actor=director, survey=survey, kind=kind, **GOOD[kind])
    assert (question.kind, question.order, question.key) == (kind, 1, "q1")
    values, field = BAD[kind]
    if field is None:
        saved = services.question_save(actor=director, survey=survey, kind=kind, **values)
        assert saved.required is False
        return
    e = refused(services.question_save, actor=director, survey=survey, kind=kind, **values)
    assert field in e.message_dict


def test_fields_a_kind_does_not_use_are_dropped(world):
    survey = draft(world)
    q = services.question_save(actor=world.actor("director"), survey=survey, kind="short_text", text="姓名",
                               options=["a", "b"], points=5, rows=["r"], min_choices=1, min_value=3)
    q.refresh_from_db()
    assert (q.options, q.points, q.rows, q.min_choices, q.min_value) == ([], None, [], None, None)


# -- skip logic -----------------------------------------------------------------------------------------------------

def two_questions(world, survey):
    director = world.actor("director")
    q1 = services.question_save(actor=director, survey=survey, kind="single", text="你满意吗",
                                options=["满意", "不满意"])
    q2 = services.question_save(actor=director, survey=survey, kind="long_text", text="为什么不满意",
                                show_if={"key": "q1", "values": [1]})
    return q1, q2


def test_a_condition_names_an_earlier_question_with_its_answers(world):
    director = world.actor("director")
    survey = draft(world)
    q1, q2 = two_questions(world, survey)
    # naming itself, a later question, an unknown key or a text question is refused, with the field named
    for show_if in ({"key": "q2", "values": [0]}, {"key": "q9", "values": [0]}):
        e = refused(services.question_save, actor=director, survey=survey, question=q1, kind="single",
                    text="你满意吗", options=["满意", "不满意"], show_if=show_if)
        assert "show_if" in e.message_dict
    e = refused(services.question_save, actor=director, survey=survey, kind="short_text", text="再说说",
                show_if={"key": "q2", "values": [0]})
    assert "show_if" in e.message_dict
    # answers the earlier question cannot have
    e = refused(services.question_save, actor=director, survey=survey, kind="short_text", text="再说说",
                show_if={"key": "q1", "values": [5]})
    assert "show_if" in e.message_dict
    # a number condition by range
    services.question_save(actor=director, survey=survey, kind="number", text="几小时")
    q4 = services.question_save(actor=director, survey=survey, kind="short_text", text="做了什么",
                                show_if={"key": "q3", "min": 1})
    assert q4.show_if == {"key": "q3", "min": 1}


def test_moves_and_deletions_that_break_a_condition_are_refused(world):
    director = world.actor("director")
    survey = draft(world)
    q1, q2 = two_questions(world, survey)
    e = refused(services.question_move, actor=director, survey=survey, question=q2, by=-1)
    assert "q1" in " ".join(e.messages) or e.messages
    refused(services.question_move, actor=director, survey=survey, question=q1, by=1)
    e = refused(services.question_delete, actor=director, survey=survey, question=q1)
    assert "为什么不满意" in " ".join(e.messages)
    # a move that keeps every condition looking back is made; a question nobody depends on is deleted
    q3 = services.question_save(actor=director, survey=survey, kind="short_text", text="班级")
    services.question_move(actor=director, survey=survey, question=q3, by=-1)
    assert [k for k, *_ in questions_of(survey)] == ["q1", "q3", "q2"]
    services.question_delete(actor=director, survey=survey, question=q2)
    services.question_delete(actor=director, survey=survey, question=q1)
    assert [k for k, *_ in questions_of(survey)] == ["q3"]


# -- audiences ------------------------------------------------------------------------------------------------------

def test_a_head_teacher_surveys_their_own_classes_and_families_only(world):
    teacher = world.actor("head_teacher_a")
    before = Survey.objects.count()
    for audience in ({"for_students": True}, {"for_students": True, "classes": [world.class_b]},
                     {"for_parents": True}, {"for_parents": True, "parent_classes": [world.class_b]},
                     {"for_elders": True}, {"for_teachers": True},
                     {"for_students": True, "grades": [world.grade]}):
        with pytest.raises(ValidationError) as e:
            services.survey_create(actor=teacher, title="班级调查", **window(), **audience)
        assert set(e.value.message_dict) & {"classes", "for_students"}
    assert Survey.objects.count() == before
    own = services.survey_create(actor=teacher, title="班级调查", **window(), for_students=True,
                                 classes=[world.class_a], for_parents=True, parent_classes=[world.class_a])
    assert list(own.classes.all()) == [world.class_a]
    # the director surveys anyone in the school, not another school's classes
    wide = services.survey_create(actor=world.actor("director"), title="全校调查", **window(), for_students=True,
                                  for_parents=True, for_elders=True, for_teachers=True, grades=[world.grade])
    assert wide.for_elders and list(wide.grades.all()) == [world.grade]
    with pytest.raises(ValidationError):
        services.survey_create(actor=world.actor("director"), title="外校", **window(), for_students=True,
                               classes=[world.other_class])
    with pytest.raises(ValidationError) as e:
        services.survey_create(actor=world.actor("director"), title="无人", **window())
    assert "for_students" in e.value.message_dict


def test_the_window_must_close_after_it_opens(world):
    now = timezone.now()
    with pytest.raises(ValidationError) as e:
        services.survey_create(actor=world.actor("director"), title="t", opens_at=now, closes_at=now,
                               for_teachers=True)
    assert "closes_at" in e.value.message_dict


# -- publishing, answers, versions, copies ----------------------------------------------------------------------------

def test_publish_is_refused_with_problems_or_a_past_window(world):
    director = world.actor("director")
    empty = draft(world)
    with pytest.raises(ValidationError) as e:
        services.survey_publish(actor=director, survey=empty)
    assert e.value.messages
    # a malformed question that reached the table some other way still stops it
    Question.objects.create(survey=empty, order=1, key="q1", kind="single", text="坏题", options=["只有一个"])
    with pytest.raises(ValidationError):
        services.survey_publish(actor=director, survey=empty)
    past = services.survey_create(actor=director, title="过期", for_teachers=True,
                                  opens_at=timezone.now() - dt.timedelta(days=3),
                                  closes_at=timezone.now() - dt.timedelta(days=1))
    services.question_save(actor=director, survey=past, kind="short_text", text="建议")
    with pytest.raises(ValidationError):
        services.survey_publish(actor=director, survey=past)
    for s in (empty, past):
        s.refresh_from_db()
        assert s.status == SurveyStatus.DRAFT


def published_with_answer(world):
    director = world.actor("director")
    survey = draft(world)
    two_questions(world, survey)
    survey = services.survey_publish(actor=director, survey=survey)
    services.response_save(actor=world.actor("student_x"), survey=survey, raw={"q1": "0"})
    return survey


def test_after_answers_questions_are_frozen_and_a_new_version_replaces_the_survey(world):
    director = world.actor("director")
    survey = published_with_answer(world)
    q1 = survey.questions.get(key="q1")
    for call, kw in ((services.question_save, {"kind": "short_text", "text": "新问题"}),
                     (services.question_save, {"question": q1, "kind": "single", "text": "改了",
                                               "options": ["是", "否"]}),
                     (services.question_delete, {"question": survey.questions.get(key="q2")}),
                     (services.question_move, {"question": q1, "by": 1})):
        e = refused(call, actor=director, survey=survey, **kw)
        assert "新版本" in " ".join(e.messages)
    # anonymity is what respondents were told
    with pytest.raises(ValidationError) as e:
        services.survey_update(actor=director, survey=survey, title=survey.title, anonymous=False,
                               closes_at=survey.closes_at)
    assert "anonymous" in e.value.message_dict
    new = services.survey_copy(actor=director, survey=survey, new_version=True)
    assert (new.title, new.version, new.previous_id, new.status) == (survey.title, 2, survey.pk, SurveyStatus.DRAFT)
    services.question_save(actor=director, survey=new, kind="short_text", text="新问题")
    services.survey_publish(actor=director, survey=new)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_a_copy_is_a_survey_of_its_own(world):
    director = world.actor("director")
    survey = published_with_answer(world)
    copy = services.survey_copy(actor=director, survey=survey)
    assert copy.title == f"{survey.title} (副本)" or copy.title.startswith(survey.title)
    assert (copy.version, copy.previous_id, copy.status, copy.response_count) == (1, None, SurveyStatus.DRAFT, 0)
    assert questions_of(copy) == questions_of(survey)
    assert copy.for_students and copy.anonymous == survey.anonymous
    # the copy changes freely; the original stays published
    services.question_save(actor=director, survey=copy, kind="date", text="日期")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    # somebody else's survey is not theirs to copy
    with pytest.raises(ValidationError):
        services.survey_copy(actor=world.actor("head_teacher_a"), survey=survey)


def test_only_a_draft_nobody_answered_is_deleted(world):
    director = world.actor("director")
    survey = published_with_answer(world)
    with pytest.raises(ValidationError):
        services.survey_delete(actor=director, survey=survey)
    other = draft(world)
    services.survey_delete(actor=director, survey=other)
    assert not Survey.objects.filter(pk=other.pk).exists()


def test_owner_and_committee_manage_a_survey_others_do_not(world):
    mine = draft(world, "head_teacher_a", for_students=True, classes=[world.class_a])
    assert selectors.survey_detail(world.actor("director"), mine.pk) == mine
    assert list(selectors.surveys(world.actor("head_teacher_b"))) == []
    with pytest.raises(ValidationError):
        services.question_save(actor=world.actor("head_teacher_b"), survey=mine, kind="short_text", text="x")
    assert not mine.questions.exists()


# -- templates ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", list(TEMPLATES))
def test_every_template_is_well_formed_and_makes_a_publishable_draft(world, code):
    template = TEMPLATES[code]
    items = template["questions"]()
    specs = [qs.QSpec(key=i["key"], kind=i["kind"], text=i["text"], help_text=i.get("help_text", ""),
                      required=i.get("required", False), options=tuple(i.get("options", ())),
                      rows=tuple(i.get("rows", ())), points=i.get("points"), labels=tuple(i.get("labels", ())),
                      min_choices=i.get("min_choices"), max_choices=i.get("max_choices"),
                      min_value=i.get("min_value"), max_value=i.get("max_value"), show_if=i.get("show_if"))
             for i in items]
    assert qs.survey_problems(specs) == []
    assert all("\u4e00" <= ch <= "\u9fff" for ch in str(template["title"])[:2])  # in Chinese
    director = world.actor("director")
    survey = services.survey_from_template(actor=director, template=code, **template["audience"])
    assert (survey.purpose, survey.anonymous, survey.status) == (template["purpose"], template["anonymous"],
                                                                 SurveyStatus.DRAFT)
    assert survey.questions.count() == len(items)
    assert qs.survey_problems(survey.specs()) == []
    assert services.survey_publish(actor=director, survey=survey).status == SurveyStatus.PUBLISHED


def test_the_satisfaction_templates_use_matrix_likert_and_skip_logic():
    kinds = {i["kind"] for i in TEMPLATES["student_satisfaction"]["questions"]()}
    assert {"matrix", "likert", "long_text"} <= kinds
    assert any(i.get("show_if") for i in TEMPLATES["student_satisfaction"]["questions"]())
    elder = {i["kind"] for i in TEMPLATES["elder_participation"]["questions"]()}
    assert {"multiple", "number", "ranking"} <= elder
    assert TEMPLATES["student_satisfaction"]["purpose"] == Purpose.STUDENT_SATISFACTION


def test_an_unknown_template_is_refused(world):
    with pytest.raises(ValidationError) as e:
        services.survey_from_template(actor=world.actor("director"), template="nope", for_teachers=True)
    assert "template" in e.value.message_dict


# -- an activity's effect survey -----------------------------------------------------------------------------------

def test_the_effect_survey_of_an_activity_is_for_its_participants(world):
    activity = activity_helpers.make(world, "学雷锋志愿服务", signup_open=True)
    activity_services.signup_add(actor=world.actor("student_x"), activity=activity, student=world.student_x)
    # only the organiser or the committee make it
    with pytest.raises(ValidationError) as e:
        services.survey_from_template(actor=world.actor("counsellor"), template="activity_effect",
                                      activity=activity)
    assert "activity" in e.value.message_dict
    organiser = world.actor("head_teacher_a")
    survey = services.survey_from_template(actor=organiser, template="activity_effect", activity=activity)
    assert survey.activity_id == activity.pk and survey.purpose == Purpose.ACTIVITY_EFFECT
    assert activity.title in survey.title
    assert not (survey.for_students or survey.for_parents or survey.for_elders or survey.for_teachers)
    survey = services.survey_publish(actor=organiser, survey=survey)
    seat = selectors.seat(world.actor("student_x"), survey)
    assert seat is not None and seat.audience == Audience.STUDENT and seat.class_id == world.class_a.pk
    assert selectors.seat(world.actor("student_y"), survey) is None  # same class, not signed up
    assert selectors.seat(world.actor("parent_x"), survey) is None
