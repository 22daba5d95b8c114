"""The mentoring part's daily reminders (care.reminders.KINDS): mentoring pairs overdue for contact against their
plan (the last contact, or the start before any, + contact_every_days is before today): one notice to each mentor with
an account about their own pairs, and one to the committee listing them all."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.access import roles_with
from xinhuo.core.models import School, User
from xinhuo.core.reminders import Reminder
from xinhuo.core.services import recipients_for_roles

from . import selectors


def committee(school: School) -> list[User]:
    """Who hears of the care for students: the director, the school leaders and the counsellors."""
    return recipients_for_roles(school, roles_with("mentoring.manage"))


def contacts(school: School, today: dt.date) -> list[Reminder]:
    day = today.isoformat()
    pairs = selectors.overdue_pairs(school, today)
    if not pairs:
        return []

    def line(p) -> str:
        return _("%(mentor)s → %(student)s (%(class)s) · %(days)d days overdue") % {
            "mentor": p.mentor.name, "student": p.student.name, "class": p.student.school_class,
            "days": p.overdue_days}

    link = core_reminders.link("care:pairs")
    out = [Reminder(
        "contacts", f"contacts:{day}",
        ngettext("%(n)d mentoring pair overdue for contact", "%(n)d mentoring pairs overdue for contact", len(pairs))
        % {"n": len(pairs)},
        [line(p) for p in pairs], f"{link}?status=overdue" if link else "", committee(school))]
    by_mentor: dict[int, list] = {}
    for p in pairs:
        by_mentor.setdefault(p.mentor_id, []).append(p)
    for mentor_id, mine in by_mentor.items():
        mentor = mine[0].mentor
        person = mentor.elder or mentor.staff or mentor.peer
        user = getattr(person, "user", None) if person is not None else None
        if user is None:  # a volunteer, or a person without an account: the committee's notice covers them
            continue
        out.append(Reminder(
            "contacts", f"contacts:mentor:{mentor_id}:{day}",
            _("Time to get in touch with your mentee") if len(mine) == 1
            else _("Time to get in touch with your mentees"),
            [_("%(student)s · last contact %(days)d days ago") % {
                "student": p.student.name, "days": (today - (p.last_contact or p.started_on)).days} for p in mine],
            core_reminders.link("care:mentees"), [user]))
    return out
