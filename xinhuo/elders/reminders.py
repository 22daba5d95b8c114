"""Daily reminders to the committee about its elders and its own follow-up (ELD-4).

Once a day, per school, at most one notice per kind, listing its items:
- birthdays in the next 7 days;
- yearly health checks due within 30 days, overdue, or never recorded;
- care visits planned for today or earlier and not yet made;
- inspection reports still not closed 7 days after the inspection (urgent ones: after 1 day);
- apprenticeship pairs overdue for contact (team.selectors.overdue_apprenticeships) — also to each
  mentor, about their pairs.

Each notice is delivered by core.reminders.deliver, which writes down its key (kind + day), so running the job
twice on one day — a restart, a second server, the command typed by hand — sends nothing the second time.
`python -m xinhuo serve` runs the job once a day in its task worker; `python -m xinhuo elder_reminders`
runs it by hand or from cron.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School, User
from xinhuo.core.reminders import Reminder, link

from .models import Inspection
from .team import selectors as team_selectors
from .welfare import selectors as welfare_selectors

BIRTHDAY_DAYS = 7
HEALTH_DAYS = 30
INSPECTION_DAYS = 7
URGENT_INSPECTION_DAYS = 1
KINDS = ("birthdays", "health", "visits", "inspections", "apprenticeships")


def _committee(school: School) -> list[User]:
    from .receivers import committee_users

    return committee_users(school)


def collect(school: School, today: dt.date) -> list[Reminder]:
    """Every reminder due for the school today (nothing is written)."""
    day = today.isoformat()
    committee = _committee(school)
    out: list[Reminder] = []
    elders = list(welfare_selectors.cared_elders(school))

    birthdays = welfare_selectors.upcoming_birthdays(elders, today, BIRTHDAY_DAYS)
    if birthdays:
        out.append(Reminder(
            "birthdays", f"birthdays:{day}",
            ngettext("%(n)d birthday in the next 7 days", "%(n)d birthdays in the next 7 days", len(birthdays))
            % {"n": len(birthdays)},
            [(_("%(name)s · %(date)s · turns %(age)d · today") if b.in_days == 0 else
              _("%(name)s · %(date)s · turns %(age)d · in %(days)d days"))
             % {"name": b.elder.name, "date": b.on.isoformat(), "age": b.turns, "days": b.in_days}
             for b in birthdays],
            link("elders:care"), committee))

    health = welfare_selectors.health_checks_due(elders, today, HEALTH_DAYS)
    if health:
        lines = []
        for h in health:
            if h.due_on is None:
                lines.append(_("%(name)s · no health check recorded") % {"name": h.elder.name})
            elif h.overdue:
                lines.append(_("%(name)s · due since %(date)s") % {"name": h.elder.name, "date": h.due_on.isoformat()})
            else:
                lines.append(_("%(name)s · due on %(date)s") % {"name": h.elder.name, "date": h.due_on.isoformat()})
        out.append(Reminder(
            "health", f"health:{day}",
            ngettext("%(n)d yearly health check due", "%(n)d yearly health checks due", len(health))
            % {"n": len(health)},
            lines, link("elders:care"), committee))

    visits = list(welfare_selectors.planned_visits(school, today))
    if visits:
        out.append(Reminder(
            "visits", f"visits:{day}",
            ngettext("%(n)d care visit to make", "%(n)d care visits to make", len(visits)) % {"n": len(visits)},
            [(_("%(name)s · %(kind)s · planned for today") if v.planned_on == today else
              _("%(name)s · %(kind)s · planned for %(date)s, overdue"))
             % {"name": v.elder.name, "kind": v.get_kind_display(), "date": v.planned_on.isoformat()}
             for v in visits],
            link("elders:care"), committee))

    late = []
    for r in (Inspection.objects.filter(school=school).exclude(status=Inspection.Status.CLOSED)
              .select_related("inspector").order_by("date", "pk")):
        age = (today - r.date).days  # counted from the inspection: that is when the children were at risk
        limit = URGENT_INSPECTION_DAYS if r.severity == Inspection.Severity.HIGH else INSPECTION_DAYS
        if age >= limit:
            late.append(_("%(place)s · %(severity)s · %(status)s · inspected by %(inspector)s %(days)d days ago")
                        % {"place": r.place, "severity": r.get_severity_display(), "status": r.get_status_display(),
                           "days": age, "inspector": r.inspector.name})
    if late:
        out.append(Reminder(
            "inspections", f"inspections:{day}",
            ngettext("%(n)d inspection report still open", "%(n)d inspection reports still open", len(late))
            % {"n": len(late)},
            late, link("elders:inspections"), committee))

    pairs = team_selectors.overdue_apprenticeships(school, today)
    if pairs:
        def line(m) -> str:
            return _("%(mentor)s → %(mentee)s · %(days)d days overdue") % {
                "mentor": m.mentor.name, "mentee": m.mentee_name, "days": m.overdue_days}

        out.append(Reminder(
            "apprenticeships", f"apprenticeships:{day}",
            ngettext("%(n)d apprenticeship pair overdue for contact",
                     "%(n)d apprenticeship pairs overdue for contact", len(pairs))
            % {"n": len(pairs)},
            [line(m) for m in pairs], link("elders:pairs"), committee))
        by_mentor: dict[int, list] = {}
        for m in pairs:
            by_mentor.setdefault(m.mentor_id, []).append(m)
        for mentor_id, mine in by_mentor.items():
            mentor = mine[0].mentor
            out.append(Reminder(
                "apprenticeships", f"mentor:{mentor_id}:{day}",
                _("Time to get in touch with your mentee") if len(mine) == 1
                else _("Time to get in touch with your mentees"),
                [_("%(mentee)s · last contact %(days)d days ago") % {
                    "mentee": m.mentee_name, "days": (today - (m.last_contact or m.started_on)).days} for m in mine],
                link("elders:my-pairs"), [mentor.user] if mentor.user_id else []))
    return out


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    """Send the school's reminders of the day that were not sent yet; returns those sent now."""
    return core_reminders.send_due(school, today, collect)


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    """Every school's reminders about the elders; {school code: [keys sent]}."""
    return core_reminders.send_all(send, today, schools)
