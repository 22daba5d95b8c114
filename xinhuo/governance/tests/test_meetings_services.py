"""Meetings (GOV-1), the services: every step of a meeting and its refusals, replies, attendance, minutes, action
items and their closing, overdue reminders once a day, filing the approved minutes (a Word file) in the archive,
the Word layout, and a series' dates (first Wednesday, last Friday, a holiday moved, never twice)."""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation
from docx import Document

from xinhuo.core.models import Notification
from xinhuo.core.tests.helpers import refused_unchanged
from xinhuo.governance.archives.models import ArchiveRecord
from xinhuo.governance.meetings import recurrence, reminders, services
from xinhuo.governance.meetings.models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Reply,
)
from xinhuo.governance.meetings.word import minutes_docx
from xinhuo.governance.tests.meetings_support import circulated, closed, held, plan, started

S = MeetingStatus


def snapshot():
    return (list(Meeting.objects.values_list("pk", "status", "minutes", "title").order_by("pk")),
            list(ActionItem.objects.values_list("pk", "status", "closing_note").order_by("pk")))


refused = partial(refused_unchanged, snapshot)


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


# --- the steps ---------------------------------------------------------------------------------------------------


def test_circulating_tells_every_invitee_and_needs_agenda_and_invitees(world):
    meeting = plan(world)
    assert meeting.status == S.PLANNED and meeting.steps.count() == 1
    assert not any("十月关工委例会" in t for t in inbox(world.users["elder"]))
    services.meeting_step(actor=world.actor("director"), meeting=meeting, action="circulate")
    meeting.refresh_from_db()
    assert meeting.status == S.CIRCULATED and meeting.circulated_at is not None
    for persona in ("elder", "head_teacher_a"):
        assert any("十月关工委例会" in t for t in inbox(world.users[persona]))
    empty = plan(world, title="无议程会议", agenda="", invitees=())
    with refused():
        services.meeting_step(actor=world.actor("director"), meeting=empty, action="circulate")


def test_only_the_committee_plans_and_circulates(world):
    with pytest.raises(Http404):
        plan(world, persona="head_teacher_a")
    meeting = plan(world)
    with pytest.raises(Http404):  # the minute taker cannot circulate
        services.meeting_step(actor=world.actor("head_teacher_a"), meeting=meeting, action="circulate")
    with pytest.raises(Http404):  # another school's director
        services.meeting_step(actor=world.actor("outsider"), meeting=meeting, action="circulate")


def test_parents_only_for_a_parents_committee_meeting(world):
    with refused():
        plan(world, invitees=("elder", "parent_x"))
    meeting = plan(world, kind="parents", title="家长委员会会议", invitees=("parent_x", "head_teacher_a"))
    assert meeting.invitations.count() == 2
    with refused():  # a student is never invited
        plan(world, kind="parents", title="家长委员会会议", invitees=("student_x",))


def test_hold_needs_the_start_and_the_attendance(world):
    meeting = circulated(world)
    recorder = world.actor("head_teacher_a")
    with refused():
        services.meeting_step(actor=recorder, meeting=meeting, action="hold")
    with refused():  # attendance is taken on the day
        services.attendance_mark(actor=recorder, meeting=meeting,
                                 invitation_id=meeting.invitations.get(user=world.users["elder"]).pk,
                                 attendance=Attendance.PRESENT)
    started(meeting)
    with refused():  # nobody marked yet
        services.meeting_step(actor=recorder, meeting=meeting, action="hold")
    inv = meeting.invitations.get(user=world.users["elder"])
    services.attendance_mark(actor=recorder, meeting=meeting, invitation_id=inv.pk, attendance=Attendance.LATE)
    inv.refresh_from_db()
    assert inv.attendance == Attendance.LATE and inv.marked_at is not None
    with refused():
        services.attendance_mark(actor=recorder, meeting=meeting, invitation_id=inv.pk, attendance="asleep")
    with pytest.raises(Http404):  # an invitee is not the recorder
        services.attendance_mark(actor=world.actor("elder"), meeting=meeting, invitation_id=inv.pk,
                                 attendance=Attendance.ABSENT)
    meeting = services.meeting_step(actor=recorder, meeting=meeting, action="hold")
    assert meeting.status == S.HELD


def test_replies_while_circulated_and_before_the_start(world):
    meeting = plan(world)
    with pytest.raises(ValidationError):  # not circulated yet
        services.invitation_reply(actor=world.actor("elder"), meeting=meeting, reply=Reply.YES)
    services.meeting_step(actor=world.actor("director"), meeting=meeting, action="circulate")
    inv = services.invitation_reply(actor=world.actor("elder"), meeting=meeting, reply=Reply.NO, note="外出体检")
    assert (inv.reply, inv.reply_note) == (Reply.NO, "外出体检") and inv.replied_at
    inv = services.invitation_reply(actor=world.actor("elder"), meeting=meeting, reply=Reply.YES)
    assert inv.reply == Reply.YES
    with pytest.raises(ValidationError):
        services.invitation_reply(actor=world.actor("elder"), meeting=meeting, reply=Reply.PENDING)
    with pytest.raises(Http404):  # not invited
        services.invitation_reply(actor=world.actor("counsellor"), meeting=meeting, reply=Reply.YES)
    started(meeting)
    with pytest.raises(ValidationError):
        services.invitation_reply(actor=world.actor("elder"), meeting=meeting, reply=Reply.MAYBE)


def test_minutes_submitted_returned_and_approved_into_the_archive(world):
    meeting = held(world)
    recorder = world.actor("head_teacher_a")
    with refused():  # no minutes yet
        services.meeting_step(actor=recorder, meeting=meeting, action="submit")
    services.minutes_save(actor=recorder, meeting=meeting, minutes="通报九月工作。", resolutions="开展敬老活动")
    meeting = services.meeting_step(actor=recorder, meeting=meeting, action="submit")
    assert meeting.status == S.MINUTES_SUBMITTED
    assert any("十月关工委例会" in t for t in inbox(world.users["leader"]))  # the chair approves
    with pytest.raises(Http404):  # the minute taker does not approve
        services.meeting_step(actor=recorder, meeting=meeting, action="approve")
    with refused():  # returning needs a comment
        services.meeting_step(actor=world.actor("leader"), meeting=meeting, action="return")
    meeting = services.meeting_step(actor=world.actor("leader"), meeting=meeting, action="return",
                                    comment="请补充出席情况")
    assert meeting.status == S.HELD
    services.meeting_step(actor=recorder, meeting=meeting, action="submit")
    assert not ArchiveRecord.objects.filter(source=f"governance.meeting:{meeting.pk}").exists()
    meeting = services.meeting_step(actor=world.actor("director"), meeting=meeting, action="approve")
    assert meeting.status == S.CLOSED and meeting.approved_at
    record = ArchiveRecord.objects.get(source=f"governance.meeting:{meeting.pk}")
    assert record.category == "minutes" and record.link.endswith(f"/meetings/{meeting.pk}/")
    doc = Document(io.BytesIO(record.file.read()))
    assert "《十月关工委例会纪要》" in doc.paragraphs[0].text
    with refused():  # closed: nothing more
        services.meeting_step(actor=world.actor("director"), meeting=meeting, action="cancel", comment="x")


def test_cancel_needs_a_reason_and_tells_the_invitees(world):
    meeting = circulated(world)
    with refused():
        services.meeting_step(actor=world.actor("director"), meeting=meeting, action="cancel")
    services.meeting_step(actor=world.actor("director"), meeting=meeting, action="cancel", comment="与区里会议冲突")
    meeting.refresh_from_db()
    assert meeting.status == S.CANCELLED
    assert Notification.objects.filter(recipient=world.users["elder"], body__contains="与区里会议冲突").exists()
    with refused():
        services.meeting_step(actor=world.actor("director"), meeting=meeting, action="circulate")


# --- action items ------------------------------------------------------------------------------------------------


def test_action_items_closed_with_a_note_by_owner_or_committee(world):
    meeting = closed(world, owner="elder")
    item = meeting.actions.get()
    with refused():
        services.action_close(actor=world.actor("elder"), item=item, note="  ")
    with pytest.raises(Http404):  # the minute taker is not the owner
        services.action_close(actor=world.actor("head_teacher_a"), item=item, note="已完成")
    with pytest.raises(Http404):  # only the committee drops
        services.action_close(actor=world.actor("elder"), item=item, note="不做了", drop=True)
    item = services.action_close(actor=world.actor("elder"), item=item, note="重阳节当天组织五老看望了退休教师")
    assert item.status == ActionStatus.DONE and item.closed_by == world.users["elder"] and item.closed_at
    with refused():
        services.action_close(actor=world.actor("director"), item=item, note="again")


def test_action_items_only_while_the_minutes_are_written(world):
    meeting = held(world)
    recorder = world.actor("head_teacher_a")
    due = timezone.localdate() + dt.timedelta(days=10)
    with refused():  # a student owns nothing here
        services.action_add(actor=recorder, meeting=meeting, title="x", owner=world.users["student_x"], due_on=due)
    with refused():
        services.action_add(actor=recorder, meeting=meeting, title="x", owner=world.users["elder"],
                            due_on=timezone.localdate() - dt.timedelta(days=30))
    item = services.action_add(actor=recorder, meeting=meeting, title="整理关工委档案", owner=world.users["finance"],
                               due_on=due)
    assert any("整理关工委档案" in t for t in inbox(world.users["finance"]))
    services.minutes_save(actor=recorder, meeting=meeting, minutes="纪要")
    services.meeting_step(actor=recorder, meeting=meeting, action="submit")
    with refused():
        services.action_add(actor=recorder, meeting=meeting, title="晚了", owner=world.users["elder"], due_on=due)
    with refused():
        services.action_remove(actor=recorder, item=item)


def test_action_item_may_serve_a_plan_task_the_actor_sees(world):
    from xinhuo.plans.models import PlanSection, PlanStatus, PlanTask, WorkPlan

    plan_ = WorkPlan.objects.create(school=world.school, year=2026, title="2026学年关工委工作计划",
                                    status=PlanStatus.ADOPTED)
    section = PlanSection.objects.create(plan=plan_, title="一、思想教育", order=1)
    task = PlanTask.objects.create(plan=plan_, section=section, title="重阳敬老活动", owner=world.users["leader"])
    meeting = held(world)
    item = services.action_add(actor=world.actor("director"), meeting=meeting, title="筹备敬老活动",
                               owner=world.users["elder"], due_on=timezone.localdate() + dt.timedelta(days=5),
                               plan_task=task)
    assert item.plan_task == task


def test_overdue_reminders_once_a_day(world):
    meeting = closed(world, owner="elder")
    item = meeting.actions.get()
    late = item.due_on + dt.timedelta(days=1)
    sent = reminders.send(world.school, late)
    assert [r.recipients for r in sent] == [[world.users["elder"]]]
    item.refresh_from_db()
    assert item.reminded_on == late
    assert reminders.send(world.school, late) == []  # twice the same day: nothing
    assert len(reminders.send(world.school, late + dt.timedelta(days=1))) == 1  # the next day again
    services.action_close(actor=world.actor("elder"), item=item, note="已办结")
    assert reminders.send(world.school, late + dt.timedelta(days=2)) == []


# --- Word ---------------------------------------------------------------------------------------------------------


def test_word_minutes_in_the_committees_layout(world):
    meeting = closed(world, owner="elder")
    inv = meeting.invitations.get(user=world.users["head_teacher_a"])
    inv.attendance = Attendance.EXCUSED
    inv.save()
    doc = Document(io.BytesIO(minutes_docx(meeting, meeting.invitations.select_related("user"),
                                           meeting.actions.select_related("owner"))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "《十月关工委例会纪要》"
    for line in ("时间：", "地点：三楼会议室", "主持人：leader", "记录人：teacher", "出席：elder",
                 "缺席：teacher（请假）", "一、会议议程", "1. 通报九月工作", "二、会议内容",
                 "会议通报了九月工作。", "三、会议决议", "1. 开展重阳节敬老活动", "四、待办事项"):
        assert line in text, line
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["事项", "负责人", "完成时限", "状态"]
    assert table.rows[1].cells[0].text == "组织重阳节敬老活动" and table.rows[1].cells[1].text == "elder"
    with translation.override("zh-hans"):
        assert table.rows[1].cells[3].text == str(meeting.actions.get().get_status_display())


# --- series -------------------------------------------------------------------------------------------------------


def test_dates_first_wednesday_last_friday_and_holidays():
    assert recurrence.nth_weekday(2026, 12, 2, 1) == dt.date(2026, 12, 2)
    assert recurrence.nth_weekday(2026, 7, 4, -1) == dt.date(2026, 7, 31)
    assert recurrence.nth_weekday(2027, 2, 4, -1) == dt.date(2027, 2, 26)
    # 2025-10-01 (National Day) is the first Wednesday of October: the meeting moves to 9 October
    assert recurrence.occurrence(2025, 10, 2, 1) == (dt.date(2025, 10, 1), dt.date(2025, 10, 9))
    assert recurrence.holiday_name(dt.date(2025, 10, 1)) == "国庆节"
    assert recurrence.next_occurrence(dt.date(2025, 9, 3), 2, 1)[1] == dt.date(2025, 10, 9)


def _series(world, **kw) -> MeetingSeries:
    return services.series_save(actor=world.actor("director"), kind="regular", title="关工委月例会", weekday=2, nth=1,
                                time=dt.time(15, 30), place="三楼会议室", chair=world.users["leader"],
                                invitees=[world.users["elder"], world.users["head_teacher_a"]], **kw)


def test_series_plans_its_next_meeting_once_with_its_invitees(world):
    series = _series(world)
    [first] = series.meetings.all()
    assert set(first.invitations.values_list("user", flat=True)) == {world.users["elder"].pk,
                                                                        world.users["head_teacher_a"].pk}
    start = timezone.localtime(first.starts_at)
    assert start.weekday() == 2 or recurrence.holiday_name(
        recurrence.nth_weekday(start.year, start.month, 2, 1))
    assert services.series_run(world.school) == []  # the daily job: a meeting is to come already
    assert services.series_next(series, after=timezone.localdate()) is None
    assert series.meetings.count() == 1
    # held: the next month's is planned, once
    assert services.series_next(series, after=start.date()) is not None
    assert services.series_next(series, after=start.date()) is None
    assert series.meetings.count() == 2


def test_series_moves_a_holiday_and_says_so(world):
    series = _series(world, active=False)
    series.active = True
    series.save()
    meeting = services.series_next(series, after=dt.date(2025, 9, 30))
    assert meeting is not None
    assert timezone.localtime(meeting.starts_at).date() == dt.date(2025, 10, 9)
    assert "国庆节" in meeting.agenda and "10月1日" in meeting.agenda
    # the same date cannot be planned twice, even past the service's own check (the constraint)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(school=world.school, series=series, kind="regular", title="重复",
                               starts_at=meeting.starts_at)


def test_series_refusals(world):
    with pytest.raises(ValidationError):
        services.series_save(actor=world.actor("director"), kind="regular", title="", weekday=9, nth=5,
                             time=dt.time(15), invitees=[])
    assert not MeetingSeries.objects.exists()
    with pytest.raises(Http404):
        _series_as(world, "elder")


def _series_as(world, persona):
    return services.series_save(actor=world.actor(persona), kind="regular", title="x", weekday=2, nth=1,
                                time=dt.time(15))


def test_holding_a_series_meeting_plans_the_next(world):
    series = _series(world)
    first = series.meetings.get()
    services.meeting_save(actor=world.actor("director"), meeting=first, kind="regular", title=first.title,
                          starts_at=first.starts_at, place=first.place, chair=world.users["leader"],
                          recorder=world.users["head_teacher_a"], agenda="通报工作",
                          invitees=[world.users["elder"], world.users["head_teacher_a"]], series=series)
    services.meeting_step(actor=world.actor("director"), meeting=first, action="circulate")
    started(first)
    inv = first.invitations.get(user=world.users["elder"])
    services.attendance_mark(actor=world.actor("head_teacher_a"), meeting=first, invitation_id=inv.pk,
                             attendance=Attendance.PRESENT)
    services.meeting_step(actor=world.actor("head_teacher_a"), meeting=first, action="hold")
    assert series.meetings.filter(starts_at__gt=timezone.now()).count() == 1
