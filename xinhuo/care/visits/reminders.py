"""The visits part's daily reminders (care.reminders.KINDS): a follow-up item past its due date, once, to its owner
(or, without one, its creator)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School
from xinhuo.core.reminders import Reminder


def follow_ups(school: School, today: dt.date) -> list[Reminder]:
    """Each follow-up item past its due date and still open: once, to its owner (or, without one, its creator)."""
    from ..models import FollowUp, FollowUpStatus

    items = (FollowUp.objects.filter(school=school, status=FollowUpStatus.OPEN, due_on__lt=today)
             .select_related("owner", "created_by", "home_visit__student", "forum").order_by("due_on", "pk"))
    link = core_reminders.link("care:follow-ups")
    out = []
    for item in items:
        user = item.owner or item.created_by
        if user is None:
            continue
        if item.home_visit is not None:
            source = _("home visit to %(student)s") % {"student": item.home_visit.student.name}
        else:
            source = _("forum “%(title)s”") % {"title": item.forum.title if item.forum else ""}
        out.append(Reminder(
            "follow_ups", f"follow_up:{item.pk}:overdue", _("A follow-up item is past its due date"),
            [_("%(text)s · from the %(source)s · due %(date)s") % {
                "text": item.text, "source": source, "date": item.due_on.isoformat() if item.due_on else ""}],
            f"{link}?mine=1" if link else "", [user]))
    return out
