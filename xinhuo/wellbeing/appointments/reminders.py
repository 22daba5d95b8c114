"""The day-before reminders of counselling appointments (PSY-3): each student with an appointment tomorrow hears
when and where on their own account; each counsellor gets tomorrow's list. Delivered by core.reminders.deliver,
which writes each key down, so running the job twice on one day sends nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School
from xinhuo.core.reminders import Reminder, link

from ..models import Appointment, AppointmentStatus


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(0, 0), tz)
    return start, start + dt.timedelta(days=1)


def collect(school: School, today: dt.date) -> list[Reminder]:
    tomorrow = today + dt.timedelta(days=1)
    start, end = _day_bounds(tomorrow)
    booked = list(Appointment.objects.filter(school=school, status=AppointmentStatus.BOOKED,
                                             slot__starts_at__gte=start, slot__starts_at__lt=end)
                  .select_related("slot__counsellor", "student__user", "student__school_class")
                  .order_by("slot__starts_at", "pk"))
    page = link("wellbeing:appointments")
    out: list[Reminder] = []
    by_counsellor: dict[int, list[Appointment]] = {}
    for a in booked:
        when = timezone.localtime(a.slot.starts_at).strftime("%Y-%m-%d %H:%M")
        where = a.slot.place or str(a.slot.get_mode_display())
        student_user = a.student.user
        if student_user is not None:
            out.append(Reminder("appointments", f"appointments:{a.pk}:{tomorrow.isoformat()}",
                                _("Counselling appointment tomorrow"),
                                [_("%(when)s · %(where)s") % {"when": when, "where": where}], page, [student_user]))
        by_counsellor.setdefault(a.slot.counsellor_id, []).append(a)
    for counsellor_id, mine in by_counsellor.items():
        out.append(Reminder(
            "appointments", f"appointments:counsellor:{counsellor_id}:{tomorrow.isoformat()}",
            ngettext("%(n)d counselling appointment tomorrow", "%(n)d counselling appointments tomorrow", len(mine))
            % {"n": len(mine)},
            [_("%(time)s · %(student)s (%(class)s)") % {
                "time": timezone.localtime(a.slot.starts_at).strftime("%H:%M"), "student": a.student.name,
                "class": str(a.student.school_class)} for a in mine],
            page, [mine[0].slot.counsellor]))
    return out


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    """Send the school's reminders of the day not sent yet; returns those sent now."""
    sent = core_reminders.send_due(school, today, collect)
    ids = [int(r.key.split(":")[1]) for r in sent if not r.key.startswith("appointments:counsellor:")]
    if ids:
        Appointment.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
    return sent


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    """Every school's appointment reminders; {school code: [keys sent]}."""
    return core_reminders.send_all(send, today, schools)
