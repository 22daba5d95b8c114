"""Who hears of a meeting's steps: every invitee when the agenda goes out and when the meeting is cancelled; the
chair (and the director) when the minutes wait for approval; the minute taker when they are returned or approved.
The notices link to the meeting's page, which checks who may see it."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import Meeting, MeetingStatus
from .signals import meeting_changed


@receiver(meeting_changed, sender=Meeting)
def tell_of_step(sender, meeting: Meeting, step, actor, **kwargs) -> None:
    from xinhuo.core.models import User

    from .services import _invite, meeting_link

    me = actor.user if actor is not None else None
    school = meeting.school
    link = meeting_link(meeting)
    invited = meeting.invitations.values_list("user_id", flat=True)
    if meeting.status == MeetingStatus.CIRCULATED and step.from_status == MeetingStatus.PLANNED:
        _invite(meeting, list(invited), exclude=me)
    elif meeting.status == MeetingStatus.CANCELLED and step.from_status == MeetingStatus.CIRCULATED:
        start = timezone.localtime(meeting.starts_at)
        notify(school, User.objects.filter(pk__in=list(invited)),
               _("Cancelled: %(title)s") % {"title": meeting.title},
               _("The meeting of %(when)s is cancelled: %(reason)s") % {
                   "when": f"{start:%Y-%m-%d %H:%M}", "reason": step.comment}, link, exclude=me)
    elif meeting.status == MeetingStatus.MINUTES_SUBMITTED:
        approvers = [meeting.chair] if meeting.chair_id else recipients_for_roles(
            school, roles_with("governance.meetings.approve"))
        notify(school, approvers, _("Minutes to approve: %(title)s") % {"title": meeting.title},
               _("The minutes are submitted and wait for your approval."), link, exclude=me)
    elif step.from_status == MeetingStatus.MINUTES_SUBMITTED and meeting.status == MeetingStatus.HELD:
        notify(school, [meeting.recorder], _("Minutes returned: %(title)s") % {"title": meeting.title},
               _("Please change the minutes: %(comment)s") % {"comment": step.comment}, link, exclude=me)
    elif meeting.status == MeetingStatus.CLOSED:
        notify(school, [meeting.recorder], _("Minutes approved: %(title)s") % {"title": meeting.title},
               _("The minutes are approved and filed in the archive."), link, exclude=me)
