"""Who may do what with a meeting (GOV-1); selectors.py says the same for lists (test_meetings_views checks both).

- See a meeting: the committee (`governance.meetings.manage`) every one; its chair and minute taker; its invitees
  once the agenda is circulated; the owner of one of its action items — except a leading-group meeting (领导小组会议),
  seen only by the committee, its chair, minute taker and invitees.
- Plan, edit (planned or circulated), circulate and cancel: the committee.
- Take the attendance, write the minutes and action items, submit them: the chair, the minute taker, the committee.
- Approve the minutes or return them: the chair, or the director (`governance.meetings.approve`).
- Reply to an invitation: the invitee, while the agenda is out and the meeting has not started.
- Close an action item: its owner or the committee (a closing note is required); drop it: the committee (a reason).
"""

from __future__ import annotations

import rules

from .models import MeetingKind, MeetingStatus

MANAGE = "governance.meetings.manage"
APPROVE = "governance.meetings.approve"
VIEW = "governance.meetings.view"


def _uid(actor) -> int:
    return actor.user.pk


@rules.predicate
def in_school(actor, obj) -> bool:
    return obj is not None and obj.school_id == actor.school.pk


@rules.predicate
def manages(actor, obj=None) -> bool:
    return actor.can(MANAGE)


@rules.predicate
def records(actor, meeting) -> bool:
    """The chair or the minute taker."""
    return _uid(actor) in (meeting.chair_id, meeting.recorder_id)


@rules.predicate
def invited(actor, meeting) -> bool:
    if meeting.status == MeetingStatus.PLANNED:
        return False
    return meeting.invitations.filter(user_id=_uid(actor)).exists()


@rules.predicate
def owns_action(actor, meeting) -> bool:
    if meeting.kind == MeetingKind.LEADING_GROUP:
        return False
    return meeting.actions.filter(owner_id=_uid(actor)).exists()


@rules.predicate
def approves(actor, meeting) -> bool:
    return meeting.chair_id == _uid(actor) or actor.can(APPROVE)


@rules.predicate
def views(actor, obj=None) -> bool:
    return actor.can(VIEW)


@rules.predicate
def owns_item(actor, item) -> bool:
    return item.owner_id == _uid(actor)


meeting_rules = rules.RuleSet()
meeting_rules.add_rule("view_meeting", in_school & views & (manages | records | invited | owns_action))
meeting_rules.add_rule("manage_meeting", in_school & manages)
meeting_rules.add_rule("record_meeting", in_school & views & (manages | records))
meeting_rules.add_rule("approve_minutes", in_school & views & approves)
meeting_rules.add_rule("close_action", in_school & views & (manages | owns_item))
meeting_rules.add_rule("drop_action", in_school & manages)


def can(actor, rule: str, obj=None) -> bool:
    return meeting_rules.test_rule(rule, actor, obj)
