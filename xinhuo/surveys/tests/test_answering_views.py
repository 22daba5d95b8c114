"""Answering on the pages, without JavaScript: the start page, one page at a time, every question type posted as a
plain form, messages by question in Chinese, skip logic changing the pages, a named draft resumed, an anonymous
survey's earlier pages carried by the form and checked again at the end, and the refusals."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from xinhuo.surveys import services
from xinhuo.surveys.models import Participation, Response, Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def every_kind(world, *, anonymous: bool = True, title: str = "学生满意度调查", **audience) -> Survey:
    """Three pages: choices and a Likert scale; a rating, texts (one shown only to the unsatisfied), a number and
    a date; then, for the satisfied only (a section's condition), a matrix and a ranking."""
    director = world.actor("director")
    now = timezone.now()
    survey = services.survey_create(actor=director, title=title, intro="请根据真实感受填写。", anonymous=anonymous,
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7),
                                    **(audience or {"for_students": True, "for_parents": True}))
    add = lambda **kw: services.question_save(actor=director, survey=survey, **kw)  # noqa: E731
    add(kind="single", text="你对学校总体满意吗", required=True, options=["满意", "一般", "不满意"])  # q1
    add(kind="multiple", text="你参加过哪些活动", options=["研学", "升旗", "志愿服务"], min_choices=1,
        max_choices=2)  # q2
    add(kind="likert", text="老师关心我", required=True, points=5)  # q3
    add(kind="page", text="")  # q4
    add(kind="rating", text="给食堂打分", points=5)  # q5
    add(kind="short_text", text="一句话评价学校", required=True)  # q6
    add(kind="long_text", text="哪里不满意", required=True, show_if={"key": "q1", "values": [2]})  # q7
    add(kind="number", text="每天睡几小时", min_value=0, max_value=24)  # q8
    add(kind="date", text="最近一次参加活动的日期")  # q9
    add(kind="page", text="")  # q10
    add(kind="section", text="活动评价", show_if={"key": "q1", "values": [0, 1]})  # q11
    add(kind="matrix", text="对下列活动的评价", required=True, points=5, rows=["研学", "升旗"])  # q12
    add(kind="ranking", text="按喜欢程度排序", options=["阅读", "运动", "音乐"])  # q13
    return services.survey_publish(actor=director, survey=survey)


PAGE_1 = {"q1": "0", "q2": ["0", "2"], "q3": "4"}
PAGE_2 = {"q5": "5", "q6": "挺好的", "q8": "8.5", "q9": "2026-11-20"}
PAGE_3 = {"q12.0": "5", "q12.1": "3", "q13.0": "2", "q13.1": "1", "q13.2": "3"}
ANSWERS = {"q1": 0, "q2": [0, 2], "q3": 4, "q5": 5, "q6": "挺好的", "q8": 8.5, "q9": "2026-11-20",
           "q12": {"0": 5, "1": 3}, "q13": [1, 0, 2]}


def url(survey, name="surveys:answer"):
    return reverse(name, args=[survey.pk])


def post(client, survey, data, *, page, action="next", carry=None):
    body = {**data, "page": str(page), "action": action}
    if carry is not None:
        body["carry"] = carry
    return client.post(url(survey), body)


def carry_of(response) -> str:
    found = re.search(r'name="carry" value="([^"]*)"', response.content.decode())
    assert found, "an anonymous page carries the earlier answers"
    import html

    return html.unescape(found.group(1))


def page_no(response) -> tuple[int, int]:
    found = re.search(r'data-page="(\d+)" data-pages="(\d+)"', response.content.decode())
    assert found, response.content.decode()[:500]
    return int(found.group(1)), int(found.group(2))


def zh(msgid: str, **values) -> str:
    """The catalogue's Chinese for a message of questions.py (asserted to be Chinese, not the English msgid)."""
    with translation.override("zh-hans"):
        text = gettext(msgid) % values if values else gettext(msgid)
    assert re.search(r"[\u4e00-\u9fff]", text), f"no Chinese for {msgid!r}"
    return text


REQUIRED = "This question needs an answer."


def errors_of(response) -> dict[str, str]:
    return {k: v.strip() for k, v in re.findall(r'data-error="(\w+)">([^<]*)<', response.content.decode())}


def test_start_page_says_what_is_kept(world):
    anonymous, named = every_kind(world), every_kind(world, anonymous=False, title="实名调查")
    c = world.client("student_x")
    page = c.get(url(anonymous)).content.decode()
    assert "学生满意度调查" in page and "请根据真实感受填写。" in page
    assert 'data-anonymous="1"' in page and "匿名" in page and "谁" in page
    assert "共10道题" in page  # how long: ten questions (a section and page breaks are not)
    page = c.get(url(named)).content.decode()
    assert 'data-anonymous="0"' in page and "实名" in page


def test_every_kind_answered_page_by_page_without_javascript(world):
    survey = every_kind(world)
    c = world.client("student_x")
    r = c.get(url(survey) + "?page=1")
    assert r.status_code == 200 and page_no(r) == (1, 2), "the activities' page waits for the first answer"
    body = r.content.decode()
    for needle in ('type="radio" class="btn-check" name="q1"', 'type="checkbox" class="btn-check" name="q2"',
                   'name="q3" value="5"', "选1到2项"):
        assert needle in body, needle
    r = post(c, survey, PAGE_1, page=1, carry="")
    assert r.status_code == 200 and page_no(r) == (2, 3)
    assert not Response.objects.exists() and not Participation.objects.exists(), "nothing kept before submit"
    body = r.content.decode()
    assert 'name="q7"' not in body, "the question for the unsatisfied is skipped"
    assert 'type="date"' in body and 'type="number"' in body and "<textarea" not in body
    r = post(c, survey, PAGE_2, page=2, carry=carry_of(r))
    assert r.status_code == 200 and page_no(r) == (3, 3)
    body = r.content.decode()
    assert 'name="q12.1"' in body and "table-responsive-stack" in body and 'name="q13.2"' in body
    assert 'id="submit"' in body
    r = post(c, survey, PAGE_3, page=3, action="submit", carry=carry_of(r))
    assert r.status_code == 302 and r["Location"] == url(survey, "surveys:thanks")
    response = Response.objects.get(survey=survey)
    assert response.answers == ANSWERS
    assert response.respondent_id is None and response.school_class_id is None
    thanks = c.get(r["Location"])
    assert thanks.status_code == 200 and 'id="thanks-anonymous"' in thanks.content.decode()


def test_page_messages_are_chinese_and_by_question(world):
    survey = every_kind(world)
    c = world.client("student_x")
    r = post(c, survey, {"q2": ["0", "1", "2"]}, page=1, carry="")
    assert r.status_code == 400 and page_no(r) == (1, 2)
    assert errors_of(r) == {"q1": zh(REQUIRED), "q2": zh("Choose at most %(n)d.", n=2), "q3": zh(REQUIRED)}
    assert 'value="1" id="f-q2-1" autocomplete="off" checked' in r.content.decode(), "the choices are kept"
    r = post(c, survey, {**PAGE_2, "q8": "25", "q9": "明天", "q6": ""}, page=2, carry=json.dumps({"q1": 0, "q3": 4}))
    assert r.status_code == 400
    assert errors_of(r) == {"q6": zh(REQUIRED), "q8": zh("At most %(n)s.", n="24"),
                            "q9": zh("Write a date such as 2026-09-01.")}
    r = post(c, survey, {"q12.0": "5", "q13.0": "1", "q13.1": "1"}, page=3, action="submit",
             carry=json.dumps({"q1": 0, "q3": 4, "q6": "好"}))
    assert r.status_code == 400
    assert errors_of(r) == {"q12": zh("Answer every row."),
                            "q13": zh("Give every option its own place, 1 to %(n)d.", n=3)}
    assert not Response.objects.exists()


def test_skip_logic_changes_the_pages(world):
    survey = every_kind(world)
    c = world.client("student_x")
    r = post(c, survey, {**PAGE_1, "q1": "2"}, page=1, carry="")
    assert page_no(r) == (2, 2), "unsatisfied: the activities' page is skipped"
    assert 'name="q7"' in r.content.decode()
    r = post(c, survey, PAGE_2, page=2, carry=carry_of(r))
    assert r.status_code == 400 and errors_of(r) == {"q7": zh(REQUIRED)}
    r = post(c, survey, {**PAGE_2, "q7": "作业太多"}, page=2, carry=carry_of(r))
    assert r.status_code == 302
    assert Response.objects.get().answers == {"q1": 2, "q2": [0, 2], "q3": 4, "q5": 5, "q6": "挺好的",
                                              "q7": "作业太多", "q8": 8.5, "q9": "2026-11-20"}


@pytest.mark.parametrize("anonymous", [True, False])
def test_a_question_opened_on_the_same_page_is_asked_there(world, anonymous):
    director = world.actor("director")
    now = timezone.now()
    survey = services.survey_create(actor=director, title="同页跳题", anonymous=anonymous, for_students=True,
                                    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1))
    services.question_save(actor=director, survey=survey, kind="single", text="住校吗", required=True,
                           options=["住校", "走读"])
    services.question_save(actor=director, survey=survey, kind="rating", text="宿舍打分", points=5, required=True,
                           show_if={"key": "q1", "values": [0]})
    survey = services.survey_publish(actor=director, survey=survey)
    c = world.client("student_x")
    assert 'name="q2"' not in c.get(url(survey) + "?page=1").content.decode()
    r = post(c, survey, {"q1": "0"}, page=1, action="submit", carry="" if anonymous else None)
    if not anonymous:
        assert r.status_code == 302 and r["Location"] == url(survey) + "?page=1"
        r = c.get(r["Location"])
    body = r.content.decode()
    assert r.status_code == 200 and 'name="q2"' in body and not errors_of(r)
    assert "本页多了一道题" in body
    assert not Response.objects.filter(submitted_on__isnull=False).exists()
    r = post(c, survey, {"q1": "0", "q2": "4"}, page=1, action="submit", carry=carry_of(r) if anonymous else None)
    assert r.status_code == 302 and Response.objects.get(survey=survey).answers == {"q1": 0, "q2": 4}


def test_back_keeps_the_answers(world):
    survey = every_kind(world)
    c = world.client("student_x")
    r = post(c, survey, PAGE_1, page=1, carry="")
    r = post(c, survey, {"q6": "半句"}, page=2, action="back", carry=carry_of(r))
    assert r.status_code == 200 and page_no(r) == (1, 3)
    assert json.loads(carry_of(r))["q6"] == "半句"
    assert 'value="0" id="f-q1-0" autocomplete="off" checked' in r.content.decode()


def test_anonymous_carry_is_checked_again_at_submit(world):
    survey = every_kind(world)
    c = world.client("student_x")
    tampered = json.dumps({**{k: v for k, v in ANSWERS.items() if k not in ("q12", "q13")}, "q3": 9})
    r = post(c, survey, PAGE_3, page=3, action="submit", carry=tampered)
    assert r.status_code == 400 and page_no(r)[0] == 1, "the page of the refused answer"
    assert errors_of(r) == {"q3": zh("Choose a point of the scale.")}
    assert not Response.objects.exists() and not Participation.objects.exists()
    r = post(c, survey, PAGE_3, page=3, action="submit", carry="{not json")
    assert r.status_code == 400 and "请从头再答一次" in r.content.decode()
    r = post(c, survey, PAGE_3, page=3, action="submit", carry=json.dumps({**ANSWERS, "q99": "x", "q6": "好"}))
    assert r.status_code == 302
    assert Response.objects.get().answers == {**ANSWERS, "q6": "好"}, "unknown keys are dropped"


def test_named_draft_saved_at_each_page_and_resumed(world):
    survey = every_kind(world, anonymous=False)
    c = world.client("student_x")
    r = post(c, survey, PAGE_1, page=1)
    assert r.status_code == 302 and r["Location"] == url(survey) + "?page=2"
    assert 'name="carry"' not in c.get(r["Location"]).content.decode()
    draft = Response.objects.get(survey=survey)
    assert draft.submitted_on is None and draft.answers == {"q1": 0, "q2": [0, 2], "q3": 4}
    # coming back later: straight to the first page still to answer, its answers shown
    r = c.get(url(survey))
    assert r.status_code == 200 and page_no(r) == (2, 3)
    assert c.get(reverse("surveys:mine")).content.decode().count('data-state="draft"') == 1
    r = post(c, survey, PAGE_2, page=2)
    assert r["Location"] == url(survey) + "?page=3"
    r = c.get(url(survey) + "?page=1")
    assert page_no(r) == (1, 3) and 'value="2" id="f-q2-2" autocomplete="off" checked' in r.content.decode()
    assert page_no(c.get(url(survey) + "?page=9")) == (3, 3)
    r = post(c, survey, PAGE_3, page=3, action="submit")
    assert r.status_code == 302
    response = Response.objects.get(survey=survey)
    assert response.answers == ANSWERS and response.respondent_id == world.users["student_x"].pk
    assert response.submitted_on == timezone.localdate()


def test_named_page_cannot_be_skipped_ahead(world):
    survey = every_kind(world, anonymous=False)
    c = world.client("student_x")
    post(c, survey, PAGE_1, page=1)
    assert page_no(c.get(url(survey) + "?page=3")) == (2, 3), "page 2's required answers come first"


def test_already_answered_closed_and_not_open(world):
    survey = every_kind(world)
    c = world.client("student_x")
    services.response_save(actor=world.actor("student_x"), survey=survey, raw=dict(ANSWERS))
    r = c.get(url(survey))
    assert r.status_code == 200 and 'id="already-answered"' in r.content.decode()
    r = post(c, survey, PAGE_1, page=1, carry="")
    assert r.status_code == 400 and Response.objects.count() == 1
    assert c.get(url(survey, "surveys:thanks")).status_code == 200

    y = world.client("student_y")
    assert y.get(url(survey, "surveys:thanks"))["Location"] == url(survey), "no thanks before an answer"
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.CLOSED)
    r = y.get(url(survey))
    assert r.status_code == 200 and "问卷已结束。" in r.content.decode()
    assert post(y, survey, PAGE_1, page=1, carry="").status_code == 400
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.PUBLISHED,
                                               opens_at=timezone.now() + dt.timedelta(days=1))
    assert 'id="refusal"' in y.get(url(survey)).content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_outside_the_audience_and_drafts_are_404(world):
    survey = every_kind(world, for_parents=True)
    assert world.client("student_x").get(url(survey)).status_code == 404
    assert world.client("parent_x").get(url(survey)).status_code == 200
    assert world.client("outsider").get(url(survey)).status_code == 404
    director = world.actor("director")
    now = timezone.now()
    draft = services.survey_create(actor=director, title="草稿", opens_at=now, closes_at=now + dt.timedelta(days=1),
                                   for_students=True)
    assert world.client("student_x").get(url(draft)).status_code == 404


def test_my_surveys_and_the_home_panel(world):
    first, second = every_kind(world), every_kind(world, title="第二份问卷")
    c = world.client("student_x")
    services.response_save(actor=world.actor("student_x"), survey=first, raw=dict(ANSWERS))
    body = c.get(reverse("surveys:mine")).content.decode()
    assert f'data-survey="{first.pk}" data-state="answered"' in body
    assert f'data-survey="{second.pk}" data-state="new"' in body
    assert body.index("第二份问卷") < body.index("学生满意度调查"), "what is still to answer comes first"
    home = c.get("/").content.decode()
    assert 'id="open-surveys-panel"' in home and "第二份问卷" in home and "学生满意度调查" not in home
    services.response_save(actor=world.actor("student_x"), survey=second, raw=dict(ANSWERS))
    assert 'id="open-surveys-panel"' not in c.get("/").content.decode()
    assert 'id="open-surveys-panel"' not in world.client("elder").get("/").content.decode()


def test_my_surveys_keeps_its_queries(world):
    c = world.client("student_x")
    every_kind(world)
    c.get(reverse("surveys:mine"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        c.get(reverse("surveys:mine"))
    for n in range(5):
        every_kind(world, title=f"问卷{n}")
    with CaptureQueriesContext(connection) as six:
        assert c.get(reverse("surveys:mine")).content.decode().count("data-survey=") == 6
    assert len(six) == len(one)
