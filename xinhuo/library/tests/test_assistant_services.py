"""The 德育 assistant's answers (RES-3): retrieval scoped to the asker, extractive and nothing-found answers, the
model's contract (a stand-in chat-completions server: request shape, timeout, errors fall back), personal data
refused and never sent, crisis routing (help; the wellbeing alert for a student asker, never a model), the
students' switch and the log."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.http import Http404
from django.utils import translation

from xinhuo.core import idcard
from xinhuo.library.assistant import services
from xinhuo.library.models import AssistantLog, Resource
from xinhuo.library.tests.test_assistant_stub import ChatStub
from xinhuo.wellbeing.models import Alert

QUESTION = "清明节活动怎么组织？"


@pytest.fixture
def items(world):
    common = {"school": world.school, "kind": "article", "contributor": world.users["director"]}
    shown = Resource.objects.create(
        **common, title="清明节祭扫活动组织方案", status="published", for_teachers=True, for_parents=True,
        summary="清明节前一周成立活动小组，联系烈士陵园。清明节当天组织学生敬献花圈，五老讲述英雄事迹。"
                "活动结束后每位学生写一篇感想。")
    hidden = Resource.objects.create(  # a draft: only its contributor and the committee see it
        **common, title="清明节活动组织内部草稿", status="draft",
        summary="清明节活动的组织分工草稿，尚未审定。")
    return {"shown": shown, "hidden": hidden}


@pytest.fixture
def stub(monkeypatch):
    with ChatStub() as s:
        monkeypatch.setenv("XINHUO_ASSISTANT_URL", s.base)
        monkeypatch.setenv("XINHUO_ASSISTANT_MODEL", "county-model")
        monkeypatch.setenv("XINHUO_ASSISTANT_KEY", "k-123")
        monkeypatch.setenv("XINHUO_ASSISTANT_TIMEOUT", "0.3")
        yield s


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    monkeypatch.delenv("XINHUO_ASSISTANT_URL", raising=False)


def ids(answer) -> list[tuple[str, int]]:
    return [(c["kind"], c["id"]) for c in answer.citations]


def test_extractive_answer_cites_only_what_the_asker_may_see(world, items):
    teacher = services.assistant_ask(actor=world.actor("head_teacher_a"), question=QUESTION)
    assert teacher.mode == "extractive"
    assert ids(teacher) == [("resource", items["shown"].pk)]
    assert "[1]" in teacher.text and "烈士陵园" in teacher.text
    assert "草稿" not in teacher.text
    assert teacher.citations[0]["url"] == f"/library/resources/{items['shown'].pk}/"
    # the committee sees the draft too, and may be pointed to it
    director = services.assistant_ask(actor=world.actor("director"), question=QUESTION)
    assert set(ids(director)) == {("resource", items["shown"].pk), ("resource", items["hidden"].pk)}


def test_nothing_found_says_so(world, items):
    answer = services.assistant_ask(actor=world.actor("head_teacher_a"), question="火星探测器发射")
    assert answer.mode == "nothing" and answer.citations == []
    assert AssistantLog.objects.get().mode == "nothing"


def test_model_request_shape_and_answer(world, items, stub):
    answer = services.assistant_ask(actor=world.actor("head_teacher_a"), question=QUESTION)
    assert answer.mode == "model" and answer.text == stub.reply and answer.fallback == ""
    assert ids(answer) == [("resource", items["shown"].pk)]
    [req] = stub.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == "Bearer k-123"
    body = req["json"]
    assert body["model"] == "county-model" and body["stream"] is False
    system, user = body["messages"]
    assert system["role"] == "system" and "[1]" in system["content"]
    assert user["role"] == "user" and QUESTION in user["content"]
    assert "[1] 《清明节祭扫活动组织方案》" in user["content"] and "烈士陵园" in user["content"]
    sent = json.dumps(body, ensure_ascii=False)
    assert "草稿" not in sent  # an item the asker may not see is never a passage
    for person in (world.student_x.name, world.student_y.name, world.users["head_teacher_a"].display_name):
        assert person not in sent
    assert AssistantLog.objects.get().mode == "model"


def test_model_timeout_falls_back_fast(world, items, stub):
    stub.sleep = 1.0
    start = time.monotonic()
    answer = services.assistant_ask(actor=world.actor("head_teacher_a"), question=QUESTION)
    assert time.monotonic() - start < 0.9
    assert answer.mode == "extractive" and answer.fallback == "timeout"
    assert ids(answer) == [("resource", items["shown"].pk)]
    assert AssistantLog.objects.get().fallback == "timeout"


@pytest.mark.parametrize(("status", "raw", "reason"), [
    (500, None, "HTTP 500"),
    (200, b"<html>not json</html>", "bad reply"),
    (200, b'{"choices": []}', "bad reply"),
    (200, b'{"choices": [{"message": {"content": "  "}}]}', "empty reply"),
])
def test_model_errors_fall_back(world, items, stub, status, raw, reason):
    stub.status, stub.raw = status, raw
    answer = services.assistant_ask(actor=world.actor("head_teacher_a"), question=QUESTION)
    assert answer.mode == "extractive" and answer.fallback == reason and len(stub.requests) == 1


def test_nothing_found_never_asks_the_model(world, items, stub):
    assert services.assistant_ask(actor=world.actor("head_teacher_a"), question="火星探测器发射").mode == "nothing"
    # the plan is for teachers and parents: to an elder it does not exist, so nothing is found either
    assert services.assistant_ask(actor=world.actor("elder"), question=QUESTION).mode == "nothing"
    assert stub.requests == []


@pytest.mark.parametrize("number", [idcard.make("110101", dt.date(2012, 5, 1), 3, True), "13812345678",
                                    "138 1234 5678"])
def test_personal_numbers_are_refused_and_never_sent(world, items, stub, number):
    answer = services.assistant_ask(actor=world.actor("parent_x"), question=f"我孩子 {number} 清明节活动怎么组织")
    assert answer.mode == "refused" and answer.citations == []
    assert stub.requests == []
    row = AssistantLog.objects.get()
    assert row.mode == "refused" and row.asker is None
    assert number not in row.question and number.replace(" ", "") not in row.question and "*" in row.question


def test_crisis_from_a_student_alerts_the_counsellors_with_their_identity(world, items, stub):
    services.assistant_settings_save(actor=world.actor("director"), students_allowed=True)
    answer = services.assistant_ask(actor=world.actor("student_x"), question="同学总是欺负我，活着没意思")
    assert answer.mode == "crisis" and "12355" in answer.text and answer.citations == []
    assert stub.requests == []
    alert = Alert.objects.get()
    assert alert.student_id == world.student_x.pk and alert.response_id is None
    assert "欺负" in alert.items[0] and "同学总是" not in alert.items[0]  # the words found, not the question
    row = AssistantLog.objects.get()
    assert row.crisis and row.asker_id == world.users["student_x"].pk
    assert set(row.crisis_words) == {"活着没意思", "欺负"}


def test_crisis_from_a_teacher_gives_help_and_raises_no_student_alert(world, items, stub):
    answer = services.assistant_ask(actor=world.actor("head_teacher_a"), question="班上有学生被欺负怎么办")
    assert answer.mode == "crisis" and "12355" in answer.text
    assert stub.requests == [] and not Alert.objects.exists()
    assert AssistantLog.objects.get().asker_id == world.users["head_teacher_a"].pk


def test_the_counsellor_is_named_in_the_help(world, items):
    answer = services.assistant_ask(actor=world.actor("parent_x"), question="孩子说想死")
    assert world.users["counsellor"].display_name in answer.text


def test_students_ask_only_when_the_school_allows_it(world, items):
    with pytest.raises(Http404):
        services.assistant_ask(actor=world.actor("student_x"), question=QUESTION)
    services.assistant_settings_save(actor=world.actor("leader"), students_allowed=True)
    answer = services.assistant_ask(actor=world.actor("student_x"), question=QUESTION)
    assert answer.mode == "nothing"  # the plan is for teachers and parents, not for students


def test_log_keeps_no_name_outside_crisis(world, items):
    services.assistant_ask(actor=world.actor("parent_x"), question=QUESTION)
    row = AssistantLog.objects.get()
    assert row.asker is None and row.asker_role == "parent" and row.question == QUESTION
    assert row.citations == [{"n": 1, "kind": "resource", "id": items["shown"].pk, "title": items["shown"].title,
                              "url": f"/library/resources/{items['shown'].pk}/"}]


def test_the_counsellor_is_told_of_a_students_crisis_question(world, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from xinhuo.core.models import Notification

    services.assistant_settings_save(actor=world.actor("director"), students_allowed=True)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.assistant_ask(actor=world.actor("student_y"), question="我不想活了")
    alert = Alert.objects.get(student=world.student_y)
    told = Notification.objects.get(recipient=world.users["counsellor"])
    assert told.link == reverse("wellbeing:alert-detail", args=[alert.pk])
    # it says where the words were written, not "in a screening"
    assert "assistant" in told.body and "screening" not in (told.title + told.body).lower()


def test_passages_are_the_best_sentences_of_several_sources(world):
    from xinhuo.library.assistant import selectors

    for i in range(7):
        Resource.objects.create(
            school=world.school, kind="article", status="published", for_teachers=True, title=f"留守儿童沟通案例{i}",
            summary=f"第{i}个案例的背景。每周和留守儿童视频沟通一次。学校食堂菜单。与留守儿童沟通要先倾听。")
    found = selectors.retrieve(world.actor("head_teacher_a"), "如何和留守儿童沟通？")
    assert 3 <= len(found.passages) <= selectors.MAX_PASSAGES
    numbers = [p.source.number for p in found.passages]
    assert numbers == sorted(numbers) and set(numbers) == set(range(1, max(numbers) + 1))
    assert max(numbers.count(n) for n in set(numbers)) <= selectors.PER_ITEM
    assert all("留守儿童" in p.text for p in found.passages)  # the sentences with the words, not the menu


def test_a_question_asked_again_raises_one_alert(world):
    services.assistant_settings_save(actor=world.actor("director"), students_allowed=True)
    for _ in range(2):
        answer = services.assistant_ask(actor=world.actor("student_x"), question="有人威胁我要钱")
    assert answer.mode == "crisis" and Alert.objects.count() == 1 and AssistantLog.objects.count() == 2


def test_a_crisis_question_with_a_phone_number_still_gets_help_and_the_number_is_masked(world, stub):
    answer = services.assistant_ask(actor=world.actor("parent_x"), question="孩子在学校被打了，我的电话13812345678")
    assert answer.mode == "crisis" and stub.requests == []
    assert "13812345678" not in AssistantLog.objects.get().question
