"""Three-party follow-up cases (PSY-2) and referrals (COM-4): the workflow (every allowed step, refusals keep the
state, closing takes a summary, reopening a reason), one live case per student, each party's view of a case,
the notices of each step (never an answer or a note), tasks, messages, referrals and the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xinhuo.core.models import AccessLog, Notification
from xinhuo.wellbeing.cases import selectors
from xinhuo.wellbeing.cases.services import (
    case_open,
    case_step,
    case_update,
    message_post,
    referral_add,
    referral_update,
    task_add,
    task_done,
)
from xinhuo.wellbeing.models import Alert, Case, CaseMessage, CaseStatus, CaseStep, CaseTask, Party, Referral

NOTES = "秘密笔记：学生提到睡眠问题"
REQUEST = "请家长本周多陪伴孩子，留意睡眠"


def open_case(world, student=None, **kw) -> Case:
    kw.setdefault("family_request", REQUEST)
    kw.setdefault("notes", NOTES)
    return case_open(actor=world.actor("counsellor"), student=student or world.student_x, **kw)


def step(world, case, action, **kw) -> Case:
    return case_step(actor=world.actor("counsellor"), case=case, action=action, **kw)


# --- the workflow ---------------------------------------------------------------------------------------------------


def test_a_case_goes_through_every_step_and_keeps_them(world):
    case = open_case(world)
    assert case.status == CaseStatus.OPEN and case.counsellor == world.users["counsellor"]
    case = step(world, case, "contact", comment="已电话联系家长")
    assert case.status == CaseStatus.CONTACTING
    case = step(world, case, "support")
    case = step(world, case, "monitor")
    case = step(world, case, "support")  # support resumes from monitoring
    case = step(world, case, "monitor")
    case = step(world, case, "close", summary="情况稳定，结案")
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None and case.summary == "情况稳定，结案"
    case = step(world, case, "reopen", comment="学生再次情绪低落")
    assert case.status == CaseStatus.SUPPORTING and case.closed_at is None
    steps = list(CaseStep.objects.filter(case=case).order_by("at", "pk").values_list("from_status", "to_status"))
    assert steps == [("", "open"), ("open", "contacting"), ("contacting", "supporting"),
                     ("supporting", "monitoring"), ("monitoring", "supporting"), ("supporting", "monitoring"),
                     ("monitoring", "closed"), ("closed", "supporting")]
    first = CaseStep.objects.filter(case=case).order_by("pk")[1]
    assert first.by == world.users["counsellor"] and first.comment == "已电话联系家长"


@pytest.mark.parametrize(("status", "action"), [
    ("open", "monitor"), ("open", "reopen"), ("contacting", "contact"), ("supporting", "contact"),
    ("monitoring", "contact"), ("closed", "close"), ("closed", "support"), ("closed", "monitor")])
def test_a_step_the_state_does_not_allow_is_refused_and_keeps_the_state(world, status, action):
    case = open_case(world)
    Case.objects.filter(pk=case.pk).update(status=status)
    with pytest.raises(ValidationError):
        step(world, case, action, comment="理由", summary="总结")
    assert Case.objects.get(pk=case.pk).status == status
    assert CaseStep.objects.filter(case=case).count() == 1


def test_closing_needs_a_summary_and_reopening_a_reason(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as exc:
        step(world, case, "close", summary="  ")
    assert "summary" in exc.value.error_dict
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN
    case = step(world, case, "close", summary="已转介并稳定")
    with pytest.raises(ValidationError) as exc:
        step(world, case, "reopen")
    assert "comment" in exc.value.error_dict
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_unknown_step_and_others_than_the_counsellor_are_refused(world):
    case = open_case(world)
    with pytest.raises(ValidationError):
        step(world, case, "explode")
    for persona in ("head_teacher_a", "parent_x", "director"):
        with pytest.raises(Http404):
            case_step(actor=world.actor(persona), case=case, action="contact")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_one_live_case_per_student(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as exc:
        open_case(world)
    assert "student" in exc.value.error_dict
    open_case(world, student=world.student_y)  # another student: fine
    step(world, case, "close", summary="结案")
    second = open_case(world)  # after closing, a new case may be opened
    with pytest.raises(ValidationError):  # and the old one cannot reopen while the new one lives
        step(world, case, "reopen", comment="再次关注")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    assert second.status == CaseStatus.OPEN


def test_opening_from_an_alert_takes_its_student(world):
    now = timezone.now()
    alert = Alert.objects.create(school=world.school, student=world.student_x, items=["PHQ-A 9"], raised_at=now,
                                 escalate_at=now)
    case = case_open(actor=world.actor("counsellor"), alert=alert)
    assert case.student == world.student_x and case.alert == alert
    with pytest.raises(ValidationError):
        case_open(actor=world.actor("counsellor"), student=world.student_y, alert=alert)


def test_only_a_counsellor_opens_a_case(world):
    from django.core.exceptions import PermissionDenied

    for persona in ("head_teacher_a", "parent_x", "director"):
        with pytest.raises((PermissionDenied, Http404)):
            case_open(actor=world.actor(persona), student=world.student_x)
    assert not Case.objects.exists()


# --- notices ---------------------------------------------------------------------------------------------------------


def test_every_step_tells_the_head_teacher_and_the_guardians_without_the_notes(world):
    case = open_case(world)
    link = reverse("wellbeing:case-detail", args=[case.pk])

    def told() -> set[str]:
        return set(Notification.objects.filter(link=link).values_list("recipient__username", flat=True))

    assert told() == {world.users["head_teacher_a"].username, world.users["parent_x"].username}
    count = Notification.objects.filter(link=link).count()
    for action, kw in (("contact", {}), ("support", {}), ("monitor", {}), ("close", {"summary": "结案总结"}),
                       ("reopen", {"comment": "再次关注"})):
        case = step(world, case, action, **kw)
        now = Notification.objects.filter(link=link).count()
        assert now == count + 2, action
        count = now
    for n in Notification.objects.filter(link=link):
        assert NOTES not in n.body and "结案总结" not in n.body and "PHQ" not in n.body
    assert not Notification.objects.filter(link=link, recipient=world.users["head_teacher_b"]).exists()
    assert not Notification.objects.filter(link=link, recipient=world.users["counsellor"]).exists()


# --- each party's view ------------------------------------------------------------------------------------------------


def page(world, persona, case):
    return world.client(persona).get(reverse("wellbeing:case-detail", args=[case.pk]))


def test_the_counsellor_sees_everything(world):
    case = open_case(world)
    task_add(actor=world.actor("counsellor"), case=case, party=Party.HEAD_TEACHER, text="本周与学生谈心")
    task_add(actor=world.actor("counsellor"), case=case, party=Party.FAMILY, text="带孩子去医院复诊")
    response = page(world, "counsellor", case)
    body = response.content.decode()
    assert response.status_code == 200
    assert NOTES in body and REQUEST in body and "本周与学生谈心" in body and "带孩子去医院复诊" in body
    assert 'id="referral-form"' in body and 'data-action="contact"' in body


def test_the_head_teacher_of_the_class_sees_the_state_and_their_tasks_not_the_notes(world):
    case = open_case(world)
    task_add(actor=world.actor("counsellor"), case=case, party=Party.HEAD_TEACHER, text="本周与学生谈心")
    task_add(actor=world.actor("counsellor"), case=case, party=Party.FAMILY, text="带孩子去医院复诊")
    message_post(actor=world.actor("parent_x"), case=case, text="孩子最近睡得晚")
    response = page(world, "head_teacher_a", case)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="case-attention"' in body and "本周与学生谈心" in body
    assert NOTES not in body and REQUEST not in body and "带孩子去医院复诊" not in body and "孩子最近睡得晚" not in body
    assert 'id="referral-form"' not in body and 'id="case-risk"' not in body
    assert page(world, "head_teacher_b", case).status_code == 404


def test_the_parent_sees_the_request_and_family_tasks_and_replies(world):
    case = open_case(world)
    task_add(actor=world.actor("counsellor"), case=case, party=Party.HEAD_TEACHER, text="本周与学生谈心")
    task_add(actor=world.actor("counsellor"), case=case, party=Party.FAMILY, text="带孩子去医院复诊")
    client = world.client("parent_x")
    body = page(world, "parent_x", case).content.decode()
    assert REQUEST in body and "带孩子去医院复诊" in body
    assert NOTES not in body and "本周与学生谈心" not in body and 'id="case-risk"' not in body
    response = client.post(reverse("wellbeing:case-message", args=[case.pk]), {"text": "好的，我们会配合"})
    assert response.status_code == 302
    message = CaseMessage.objects.get(case=case)
    assert message.party == Party.FAMILY and message.author == world.users["parent_x"]
    assert Notification.objects.filter(recipient=world.users["counsellor"],
                                       link=reverse("wellbeing:case-detail", args=[case.pk])).exists()
    for persona in ("student_x", "student_y", "outsider", "director", "elder"):
        assert page(world, persona, case).status_code == 404, persona


def test_cases_are_scoped_per_party(world):
    case = open_case(world)
    other = open_case(world, student=world.student_z)
    assert set(selectors.cases(world.actor("counsellor"))) == {case, other}
    assert set(selectors.cases(world.actor("head_teacher_a"))) == {case}
    assert set(selectors.cases(world.actor("head_teacher_b"))) == {other}
    assert set(selectors.cases(world.actor("parent_x"))) == {case}
    assert not selectors.cases(world.actor("outsider")).exists()
    body = world.client("head_teacher_b").get(reverse("wellbeing:cases")).content.decode()
    assert world.student_z.name in body and world.student_x.name not in body


def test_every_reading_is_logged(world):
    case = open_case(world)
    for persona in ("counsellor", "head_teacher_a", "parent_x"):
        page(world, persona, case)
        assert AccessLog.objects.filter(user=world.users[persona], action="view", object_type="wellbeing_case",
                                        object_id=str(case.pk)).exists(), persona
    world.client("counsellor").get(reverse("wellbeing:cases"), {"status": "open"})
    assert AccessLog.objects.filter(user=world.users["counsellor"], action="search",
                                    object_type="wellbeing_case").exists()


# --- tasks ------------------------------------------------------------------------------------------------------------


def test_a_party_marks_its_own_task_done_and_overdue_tasks_show(world):
    case = open_case(world)
    past = timezone.localdate() - dt.timedelta(days=2)
    mine = task_add(actor=world.actor("counsellor"), case=case, party=Party.HEAD_TEACHER, text="谈心", due_on=past)
    family = task_add(actor=world.actor("counsellor"), case=case, party=Party.FAMILY, text="复诊")
    assert selectors.is_overdue(mine) and not selectors.is_overdue(family)
    assert 'data-overdue="1"' in page(world, "head_teacher_a", case).content.decode()
    with pytest.raises(Http404):  # the head teacher cannot tick the family's task
        task_done(actor=world.actor("head_teacher_a"), task=family)
    with pytest.raises(Http404):
        task_done(actor=world.actor("head_teacher_b"), task=mine)
    client = world.client("head_teacher_a")
    response = client.post(reverse("wellbeing:case-task-done", args=[case.pk, mine.pk]), {"note": "已谈，情绪平稳"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.done_at is not None and mine.done_note == "已谈，情绪平稳" and not selectors.is_overdue(mine)
    assert world.client("head_teacher_a").post(
        reverse("wellbeing:case-task-done", args=[case.pk, family.pk])).status_code == 404
    task_done(actor=world.actor("parent_x"), task=family, note="已预约")
    with pytest.raises(ValidationError):
        task_done(actor=world.actor("parent_x"), task=family)


def test_task_refusals(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as exc:
        task_add(actor=world.actor("counsellor"), case=case, party="nobody", text="")
    assert {"party", "text"} <= set(exc.value.error_dict)
    with pytest.raises(Http404):
        task_add(actor=world.actor("head_teacher_a"), case=case, party=Party.FAMILY, text="x")
    case = step(world, case, "close", summary="结案")
    with pytest.raises(ValidationError):
        task_add(actor=world.actor("counsellor"), case=case, party=Party.FAMILY, text="x")
    assert not CaseTask.objects.exists()


def test_the_head_teacher_cannot_write_messages_and_the_counsellor_edits_notes(world):
    case = open_case(world)
    with pytest.raises(Http404):
        message_post(actor=world.actor("head_teacher_a"), case=case, text="x")
    case_update(actor=world.actor("counsellor"), case=case, notes="新笔记", family_request="新要求", risk=2)
    case.refresh_from_db()
    assert case.notes == "新笔记" and case.family_request == "新要求" and case.risk == 2
    with pytest.raises(Http404):
        case_update(actor=world.actor("head_teacher_a"), case=case, notes="", family_request="", risk=1)


# --- referrals --------------------------------------------------------------------------------------------------------


def test_the_counsellor_records_a_referral_and_its_outcome(world):
    case = open_case(world)
    today = timezone.localdate()
    referral = referral_add(actor=world.actor("counsellor"), case=case, agency="市精神卫生中心",
                            agency_kind=Referral.AgencyKind.HOSPITAL, consent_by="母亲 刘芳",
                            consent_on=today - dt.timedelta(days=1), referred_on=today)
    referral_update(actor=world.actor("counsellor"), referral=referral, outcome="已就诊，门诊随访",
                    follow_up_on=today + dt.timedelta(days=14))
    referral.refresh_from_db()
    assert referral.outcome == "已就诊，门诊随访"
    with pytest.raises(ValidationError) as exc:
        referral_add(actor=world.actor("counsellor"), case=case, agency="", agency_kind="x", consent_by="",
                     consent_on=today, referred_on=today - dt.timedelta(days=1))
    assert {"agency", "agency_kind", "consent_by", "referred_on"} <= set(exc.value.error_dict)
    with pytest.raises(Http404):
        referral_add(actor=world.actor("head_teacher_a"), case=case, agency="医院", agency_kind="hospital",
                     consent_by="母亲", consent_on=today, referred_on=today)
    assert Referral.objects.count() == 1
    assert "市精神卫生中心" not in page(world, "parent_x", case).content.decode()
    assert "市精神卫生中心" not in page(world, "head_teacher_a", case).content.decode()


# --- pages -----------------------------------------------------------------------------------------------------------


def test_opening_and_stepping_through_the_pages(world):
    client = world.client("counsellor")
    url = reverse("wellbeing:case-new")
    assert client.get(url, {"student": world.student_x.pk}).status_code == 200
    response = client.post(url, {"student": world.student_x.pk, "risk": 1, "family_request": REQUEST, "notes": ""})
    assert response.status_code == 302
    case = Case.objects.get(student=world.student_x)
    assert 'id="case-live"' in client.get(url, {"student": world.student_x.pk}).content.decode()
    again = client.post(url, {"student": world.student_x.pk, "risk": 1})
    assert again.status_code == 400 and Case.objects.count() == 1
    step_url = reverse("wellbeing:case-step", args=[case.pk])
    assert client.post(step_url, {"action": "contact"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CONTACTING
    client.post(step_url, {"action": "close", "summary": ""})  # refused: the message, nothing changes
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CONTACTING
    client.post(reverse("wellbeing:case-task-add", args=[case.pk]),
                {"party": "family", "text": "周末陪伴", "due_on": ""})
    assert CaseTask.objects.filter(case=case, party="family").exists()
    client.post(reverse("wellbeing:case-referral-add", args=[case.pk]),
                {"agency_kind": "hospital", "agency": "医院", "consent_by": "父亲",
                 "consent_on": timezone.localdate().isoformat(), "referred_on": timezone.localdate().isoformat()})
    assert Referral.objects.filter(case=case).exists()
    assert client.get(reverse("wellbeing:cases"), {"status": "contacting"}).status_code == 200


# --- the API ---------------------------------------------------------------------------------------------------------


def test_the_api_gives_each_party_its_part(world):
    case = open_case(world)
    mine = task_add(actor=world.actor("counsellor"), case=case, party=Party.HEAD_TEACHER, text="本周与学生谈心")
    task_add(actor=world.actor("counsellor"), case=case, party=Party.FAMILY, text="带孩子去医院复诊")
    url = reverse("api:wellbeing-case-detail", args=[case.pk])
    head = world.client("head_teacher_a").get(url).json()
    assert head["party"] == "head_teacher" and head["family_request"] == "" and head["messages"] == []
    assert [t["text"] for t in head["tasks"]] == ["本周与学生谈心"]
    parent = world.client("parent_x")
    family = parent.get(url).json()
    assert family["family_request"] == REQUEST and [t["text"] for t in family["tasks"]] == ["带孩子去医院复诊"]
    for data in (head, family, world.client("counsellor").get(url).json()):
        assert NOTES not in str(data) and "risk" not in data and "notes" not in data
    reply = parent.post(reverse("api:wellbeing-case-reply", args=[case.pk]), {"text": "好的"},
                        content_type="application/json")
    assert reply.status_code == 200 and reply.json()["messages"][0]["text"] == "好的"
    done = world.client("head_teacher_a").post(reverse("api:wellbeing-case-task-done", args=[case.pk]),
                                               {"task": mine.pk, "note": "已谈"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["tasks"][0]["done_note"] == "已谈"
    assert world.client("head_teacher_b").get(url).status_code == 404
    assert AccessLog.objects.filter(user=world.users["parent_x"], action="view", object_type="wellbeing_case",
                                    object_id=str(case.pk)).exists()


def test_the_counsellor_takes_steps_through_the_api_and_only_they_read_them(world):
    case = open_case(world)
    url = reverse("api:wellbeing-case-step", args=[case.pk])
    counsellor = world.client("counsellor")
    r = counsellor.post(url, {"action": "contact", "comment": "已电话联系父亲"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == CaseStatus.CONTACTING
    assert [s["to_status"] for s in r.json()["steps"]] == [CaseStatus.OPEN, CaseStatus.CONTACTING]
    refused = counsellor.post(url, {"action": "close"}, content_type="application/json")
    assert refused.status_code == 400 and "summary" in refused.json()  # closing needs a summary
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTING
    teacher = world.client("head_teacher_a")
    assert teacher.post(url, {"action": "support"}, content_type="application/json").status_code in (403, 404)
    detail = teacher.get(reverse("api:wellbeing-case-detail", args=[case.pk])).json()
    assert detail["steps"] is None and "已电话联系父亲" not in str(detail)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTING
