"""What the meetings tests share: meetings in each state, built through the services (or straight in the database
for a date in the past), and the invitees of the world's personas."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from xinhuo.governance.meetings import services
from xinhuo.governance.meetings.models import (
    ActionItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
)


def at(days: int = 0, hour: int = 15) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 30), tzinfo=timezone.get_current_timezone())


def plan(world, *, kind: str = MeetingKind.REGULAR, title: str = "十月关工委例会", days: int = 7,
         invitees=("elder", "head_teacher_a"), chair: str = "leader", recorder: str = "head_teacher_a",
         agenda: str = "通报九月工作\n研究十月活动安排", persona: str = "director") -> Meeting:
    return services.meeting_save(
        actor=world.actor(persona), kind=kind, title=title, starts_at=at(days), ends_at=at(days, 17),
        place="三楼会议室", chair=world.users[chair] if chair else None,
        recorder=world.users[recorder] if recorder else None, agenda=agenda,
        invitees=[world.users[p] for p in invitees])


def circulated(world, **kw) -> Meeting:
    meeting = plan(world, **kw)
    return services.meeting_step(actor=world.actor("director"), meeting=meeting, action="circulate")


def started(meeting: Meeting, hours: int = 1) -> Meeting:
    """Move a meeting's start into the past (as if the day had come)."""
    start = timezone.now() - dt.timedelta(hours=hours)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def held(world, **kw) -> Meeting:
    meeting = started(circulated(world, **kw))
    recorder = world.actor("head_teacher_a")
    for inv in meeting.invitations.all():
        services.attendance_mark(actor=recorder, meeting=meeting, invitation_id=inv.pk, attendance=Attendance.PRESENT)
    return services.meeting_step(actor=recorder, meeting=meeting, action="hold")


def closed(world, *, owner: str = "elder", **kw) -> Meeting:
    meeting = held(world, **kw)
    recorder = world.actor("head_teacher_a")
    services.minutes_save(actor=recorder, meeting=meeting, minutes="会议通报了九月工作。\n与会同志讨论了十月活动。",
                          resolutions="开展重阳节敬老活动\n组织五老进课堂")
    services.action_add(actor=recorder, meeting=meeting, title="组织重阳节敬老活动", owner=world.users[owner],
                        due_on=timezone.localdate() + dt.timedelta(days=14))
    services.meeting_step(actor=recorder, meeting=meeting, action="submit")
    return services.meeting_step(actor=world.actor("leader"), meeting=meeting, action="approve")


def raw_meeting(world, *, status: str = MeetingStatus.CIRCULATED, kind: str = MeetingKind.REGULAR,
                invitees=("elder", "head_teacher_a"), chair: str = "leader", recorder: str = "head_teacher_a",
                title: str = "测试例会", days: int = 3) -> Meeting:
    """A meeting written straight to the database (the access matrix's fixtures)."""
    m = Meeting.objects.create(school=world.school, kind=kind, title=title, starts_at=at(days), place="会议室",
                               chair=world.users[chair], recorder=world.users[recorder], agenda="一、通报工作",
                               minutes="会议内容" if status == MeetingStatus.CLOSED else "", status=status)
    Invitation.objects.bulk_create([Invitation(meeting=m, user=world.users[p]) for p in invitees])
    return m


def raw_action(world, meeting: Meeting, owner: str = "elder", days: int = 7) -> ActionItem:
    return ActionItem.objects.create(school=world.school, meeting=meeting, title="整理档案", owner=world.users[owner],
                                     due_on=timezone.localdate() + dt.timedelta(days=days))
