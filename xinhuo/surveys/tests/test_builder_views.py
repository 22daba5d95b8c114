"""The builder's pages: forms that save good input and answer bad input with 400 and a Chinese message, writing
nothing; the build page's conditions in words; the frozen survey's offer of a new version; the templates, the
preview and the activity's effect survey; the list's constant query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinhuo.activities.tests import helpers as activity_helpers
from xinhuo.core.tests.helpers import when_run
from xinhuo.surveys import services
from xinhuo.surveys.models import Purpose, Question, Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def local(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def form_data(**over) -> dict:
    now = timezone.now()
    data = {"title": "2026年秋季学生满意度调查", "intro": "匿名填写", "purpose": Purpose.STUDENT_SATISFACTION,
            "anonymous": "on", "for_students": "on", "opens_at": local(now + dt.timedelta(hours=1)),
            "closes_at": local(now + dt.timedelta(days=7))}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def make(world, persona="director", **audience) -> Survey:
    now = timezone.now()
    return services.survey_create(actor=world.actor(persona), title="满意度调查", opens_at=now - dt.timedelta(hours=1),
                                  closes_at=now + dt.timedelta(days=7), **(audience or {"for_students": True}))


def with_questions(world, survey) -> Survey:
    director = world.actor("director")
    services.question_save(actor=director, survey=survey, kind="single", text="你满意吗", required=True,
                           options=["满意", "不满意"])
    services.question_save(actor=director, survey=survey, kind="long_text", text="为什么不满意",
                           show_if={"key": "q1", "values": [1]})
    return survey


def text(response) -> str:
    return response.content.decode()


# -- the survey form ------------------------------------------------------------------------------------------------

def test_the_director_creates_a_survey_for_the_whole_school(world):
    response = world.client("director").post(reverse("surveys:create"), form_data(for_parents="on"))
    survey = Survey.objects.get(title="2026年秋季学生满意度调查")
    assert response.status_code == 302 and response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert (survey.for_students, survey.for_parents, survey.anonymous, survey.owner) == (
        True, True, True, world.users["director"])
    assert survey.purpose == Purpose.STUDENT_SATISFACTION


@pytest.mark.parametrize(("persona", "over", "message"), [
    ("director", lambda: {"closes_at": local(timezone.now() - dt.timedelta(days=1))}, "截止时间必须晚于开始时间"),
    ("director", {"title": ""}, "该字段是必填项"),
    ("director", {"for_students": None}, "请选择答卷对象"),
    ("head_teacher_a", {}, "请在你所带的班级中选择"),
])
def test_bad_survey_input_is_answered_400_in_chinese_and_writes_nothing(world, persona, over, message):
    before = Survey.objects.count()
    response = world.client(persona).post(reverse("surveys:create"), form_data(**when_run(over)))
    assert response.status_code == 400
    assert message in text(response), text(response)[:3000]
    assert Survey.objects.count() == before


def test_a_head_teacher_chooses_among_their_own_classes_only(world):
    client = world.client("head_teacher_a")
    page = text(client.get(reverse("surveys:create")))
    assert f'value="{world.class_a.pk}"' in page and f'value="{world.class_b.pk}"' not in page
    assert 'name="for_elders"' not in page
    response = client.post(reverse("surveys:create"), form_data(classes=[str(world.class_b.pk)]))
    assert response.status_code == 400 and not Survey.objects.exists()
    response = client.post(reverse("surveys:create"), form_data(classes=[str(world.class_a.pk)]))
    assert response.status_code == 302
    assert list(Survey.objects.get().classes.all()) == [world.class_a]


def test_a_published_survey_keeps_its_anonymity(world):
    survey = with_questions(world, make(world))
    services.survey_publish(actor=world.actor("director"), survey=survey)
    client = world.client("director")
    page = text(client.get(reverse("surveys:edit", args=[survey.pk])))
    assert 'name="anonymous"' in page and "disabled" in page and 'id="published-note"' in page
    # a posted change of what respondents were told is ignored; the title and closing time change
    response = client.post(reverse("surveys:edit", args=[survey.pk]),
                           form_data(anonymous=None, title="满意度调查（修订）", for_parents="on"))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.anonymous and not survey.for_parents and survey.title == "满意度调查（修订）"
    # and the service refuses it outright
    with pytest.raises(ValidationError) as e:
        services.survey_update(actor=world.actor("director"), survey=survey, title="t", anonymous=False,
                               closes_at=survey.closes_at)
    assert "发布" in " ".join(e.value.messages)


# -- the build page and its questions ---------------------------------------------------------------------------------

def test_the_build_page_lists_items_with_their_conditions_in_words(world):
    survey = with_questions(world, make(world))
    page = text(world.client("director").get(reverse("surveys:detail", args=[survey.pk])))
    assert "仅当“Q1 你满意吗”选择“不满意”时显示" in page
    assert "单选题" in page and "问答题" in page
    assert reverse("surveys:question-move", args=[survey.pk, survey.questions.get(key="q2").pk]) in page
    assert 'id="question-form"' in page


def test_adding_a_question_of_each_kind_from_the_form(world):
    survey = make(world)
    client = world.client("director")
    url = reverse("surveys:question-add", args=[survey.pk])
    posts = [
        {"kind": "single", "text": "你满意吗", "options": "满意\n一般\n不满意", "required": "on"},
        {"kind": "multiple", "text": "喜欢的活动", "options": "读书\n演讲\n志愿", "max_choices": "2"},
        {"kind": "likert", "text": "有帮助", "points": "5"},
        {"kind": "matrix", "text": "满意度", "rows": "食堂\n宿舍", "points": "5",
         "labels": "很不满意\n不满意\n一般\n满意\n很满意"},
        {"kind": "number", "text": "几小时", "min_value": "0", "max_value": "100"},
        {"kind": "long_text", "text": "为什么", "cond_key": "q1", "cond_values": "2，3"},
        {"kind": "short_text", "text": "多久", "cond_key": "q5", "cond_min": "10"},
        {"kind": "page"},
        {"kind": "ranking", "text": "排序", "options": "甲\n乙"},
    ]
    for data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (data, text(response)[:2000])
    rows = {q.key: q for q in Question.objects.filter(survey=survey)}
    assert rows["q1"].options == ["满意", "一般", "不满意"] and rows["q1"].required
    assert rows["q4"].labels[-1] == "很满意" and rows["q4"].rows == ["食堂", "宿舍"]
    assert rows["q6"].show_if == {"key": "q1", "values": [1, 2]}  # typed from 1, kept from 0
    assert rows["q7"].show_if == {"key": "q5", "min": 10}
    # the edit form shows the condition as it was typed
    page = text(client.get(reverse("surveys:question-edit", args=[survey.pk, rows["q6"].pk])))
    assert 'value="2,3"' in page


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "single", "text": "你满意吗", "options": "满意"}, "请至少填写两个选项"),
    ({"kind": "likert", "text": "有帮助", "points": "6"}, "5级或7级"),
    ({"kind": "long_text", "text": "为什么", "cond_key": "q1", "cond_values": "9"}, "选项序号为 1 到 2"),
    ({"kind": "long_text", "text": "为什么", "cond_key": "q1", "cond_values": "第一个"}, "用逗号分隔"),
    ({"kind": "nonsense", "text": "x"}, "选择一个有效的选项"),
])
def test_bad_question_input_is_answered_400_in_chinese_and_writes_nothing(world, data, message):
    survey = make(world)
    services.question_save(actor=world.actor("director"), survey=survey, kind="single", text="你满意吗",
                           options=["满意", "不满意"])
    response = world.client("director").post(reverse("surveys:question-add", args=[survey.pk]), data)
    assert response.status_code == 400
    assert message in text(response), text(response)[:3000]
    assert survey.questions.count() == 1


def test_move_and_delete_refusals_come_back_as_messages(world):
    survey = with_questions(world, make(world))
    client = world.client("director")
    q1, q2 = survey.questions.order_by("order")
    response = client.post(reverse("surveys:question-move", args=[survey.pk, q2.pk]), {"by": "-1"}, follow=True)
    assert "不能移到那里" in text(response)
    response = client.post(reverse("surveys:question-delete", args=[survey.pk, q1.pk]), follow=True)
    assert "为什么不满意" in text(response) and survey.questions.count() == 2
    assert list(survey.questions.order_by("order").values_list("key", flat=True)) == ["q1", "q2"]
    client.post(reverse("surveys:question-delete", args=[survey.pk, q2.pk]))
    assert list(survey.questions.values_list("key", flat=True)) == ["q1"]


def test_a_survey_with_answers_offers_a_new_version_instead_of_edits(world):
    survey = with_questions(world, make(world))
    survey = services.survey_publish(actor=world.actor("director"), survey=survey)
    services.response_save(actor=world.actor("student_x"), survey=survey, raw={"q1": "0"})
    client = world.client("director")
    page = text(client.get(reverse("surveys:detail", args=[survey.pk])))
    assert 'id="frozen"' in page and reverse("surveys:new-version", args=[survey.pk]) in page
    assert reverse("surveys:question-add", args=[survey.pk]) not in page
    response = client.post(reverse("surveys:question-add", args=[survey.pk]), {"kind": "short_text", "text": "新"},
                           follow=True)
    assert "已有人作答" in text(response)
    assert survey.questions.count() == 2
    response = client.post(reverse("surveys:new-version", args=[survey.pk]))
    new = Survey.objects.get(previous=survey)
    assert response["Location"] == reverse("surveys:detail", args=[new.pk]) and new.version == 2


def test_publish_refusal_is_a_message_and_publish_then_close(world):
    survey = make(world)
    client = world.client("director")
    response = client.post(reverse("surveys:publish", args=[survey.pk]), follow=True)
    assert "问卷至少需要一道题" in text(response)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    with_questions(world, survey)
    client.post(reverse("surveys:publish", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    client.post(reverse("surveys:close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_copy_and_delete(world):
    survey = with_questions(world, make(world))
    client = world.client("director")
    response = client.post(reverse("surveys:copy", args=[survey.pk]))
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response["Location"] == reverse("surveys:detail", args=[copy.pk]) and copy.questions.count() == 2
    response = client.post(reverse("surveys:delete", args=[copy.pk]))
    assert response["Location"] == reverse("surveys:list") and not Survey.objects.filter(pk=copy.pk).exists()


# -- templates, preview, effect survey -------------------------------------------------------------------------------

def test_a_head_teacher_makes_a_survey_from_a_template_for_their_classes(world):
    client = world.client("head_teacher_a")
    page = text(client.get(reverse("surveys:templates")))
    assert "学生满意度调查" in page and "五老参与情况调查" in page
    response = client.post(reverse("surveys:templates"), {"template": "parent_satisfaction"})
    survey = Survey.objects.get()
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert survey.for_parents and list(survey.parent_classes.all()) == [world.class_a]
    assert survey.questions.count() > 5
    # a template for every elder is beyond a head teacher: the message, nothing made
    response = client.post(reverse("surveys:templates"), {"template": "elder_participation"})
    assert response.status_code == 400 and "关工委" in text(response)
    response = client.post(reverse("surveys:templates"), {"template": "nope"})
    assert response.status_code == 400 and Survey.objects.count() == 1


def test_the_preview_shows_the_pages_as_a_respondent_sees_them(world):
    survey = services.survey_from_template(actor=world.actor("director"), template="student_satisfaction",
                                           for_students=True)
    client = world.client("director")
    first = text(client.get(reverse("surveys:preview", args=[survey.pk])))
    assert "本学期你参加过学校关工委组织的活动吗" in first and "匿名" in first
    assert "你在学校感到安全吗" not in first and "?page=2" in first
    second = text(client.get(reverse("surveys:preview", args=[survey.pk]), {"page": "2"}))
    assert "你在学校感到安全吗" in second and "仅当" in second
    assert client.get(reverse("surveys:preview", args=[survey.pk]), {"page": "x"}).status_code == 200
    assert not survey.responses.exists()


def test_the_organiser_makes_the_effect_survey_of_an_activity(world):
    activity = activity_helpers.published(world)
    response = world.client("counsellor").post(reverse("surveys:activity-effect", args=[activity.pk]), follow=True)
    assert "活动负责人" in text(response) and not Survey.objects.exists()
    response = world.client("head_teacher_a").post(reverse("surveys:activity-effect", args=[activity.pk]))
    survey = Survey.objects.get()
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert survey.activity_id == activity.pk and survey.purpose == Purpose.ACTIVITY_EFFECT
    page = text(world.client("head_teacher_a").get(reverse("surveys:detail", args=[survey.pk])))
    assert activity.title in page and "参加者" in page
    # a second click leads to the same survey
    response = world.client("director").post(reverse("surveys:activity-effect", args=[activity.pk]))
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk]) and Survey.objects.count() == 1


# -- the list -------------------------------------------------------------------------------------------------------

def test_the_list_filters_and_keeps_its_query_count(world, django_assert_max_num_queries):
    client = world.client("director")
    with_questions(world, make(world))
    services.survey_from_template(actor=world.actor("director"), template="parent_satisfaction", for_parents=True)
    url = reverse("surveys:list")
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    for n in range(12):
        services.survey_create(
            actor=world.actor("head_teacher_a"), title=f"班级调查{n}", opens_at=timezone.now(),
            closes_at=timezone.now() + dt.timedelta(days=1), for_students=True, classes=[world.class_a])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(client.get(url))
    assert "班级调查11" in page
    filtered = text(client.get(url, {"purpose": Purpose.PARENT_SATISFACTION}))
    assert "家长满意度调查" in filtered and "班级调查" not in filtered
    assert "班级调查3" in text(client.get(url, {"q": "调查3"}))
    assert "班级调查" not in text(client.get(url, {"status": SurveyStatus.PUBLISHED}))
    # a head teacher lists their own surveys only
    own = text(world.client("head_teacher_a").get(url))
    assert "班级调查1" in own and "家长满意度调查" not in own
