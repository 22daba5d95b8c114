"""Daily reminders of parent volunteers (core.reminders): the day before a duty, the parents who accepted it; three
days before, the invited parents who have not answered, and the organiser of a request still short of volunteers.
Each is sent once (its key is written down), so the job is safe to run twice a day."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School, User
from xinhuo.core.reminders import Reminder

from .models import ResponseStatus, VolunteerRequest, VolunteerResponse

KIND = "family-volunteers"
ASK_DAYS = 3


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def collect(school: School, today: dt.date) -> list[Reminder]:
    """Every reminder due for the school today (nothing is written)."""
    out: list[Reminder] = []
    tomorrow = _bounds(today + dt.timedelta(days=1))
    soon = (_bounds(today + dt.timedelta(days=1))[0], _bounds(today + dt.timedelta(days=ASK_DAYS))[1])
    rows = (VolunteerResponse.objects.filter(request__school=school, guardian__user__isnull=False,
                                             request__starts_at__gte=soon[0], request__starts_at__lt=soon[1],
                                             status__in=(ResponseStatus.ACCEPTED, ResponseStatus.INVITED))
            .select_related("request__activity", "guardian__user"))
    for r in rows:
        req = r.request
        when = timezone.localtime(req.starts_at).strftime("%Y-%m-%d %H:%M")
        line = f"{req.activity.title} · {req.get_kind_display()} · {when}"
        link = reverse("family:volunteers-request", args=[req.pk])
        user: User = r.guardian.user  # type: ignore[assignment]
        if r.status == ResponseStatus.ACCEPTED and tomorrow[0] <= req.starts_at < tomorrow[1]:
            out.append(Reminder(KIND, f"volunteers:duty:{req.pk}:{r.guardian_id}",
                                _("Your volunteer duty tomorrow: %(activity)s") % {"activity": req.activity.title},
                                [line, req.note] if req.note else [line], link, [user]))
        elif r.status == ResponseStatus.INVITED:
            out.append(Reminder(KIND, f"volunteers:answer:{req.pk}:{r.guardian_id}",
                                _("Please answer the invitation: %(activity)s") % {"activity": req.activity.title},
                                [line], link, [user]))
    short = (VolunteerRequest.objects.filter(school=school, starts_at__gte=soon[0], starts_at__lt=soon[1])
             .select_related("activity", "created_by"))
    for req in short:
        accepted = req.responses.filter(status=ResponseStatus.ACCEPTED).count()
        if accepted < req.needed:
            out.append(Reminder(KIND, f"volunteers:short:{req.pk}",
                                _("Volunteers still needed: %(activity)s") % {"activity": req.activity.title},
                                [_("%(a)d of %(n)d volunteers found (%(duty)s, %(when)s).") % {
                                    "a": accepted, "n": req.needed, "duty": req.get_kind_display(),
                                    "when": timezone.localtime(req.starts_at).strftime("%Y-%m-%d %H:%M")}],
                                reverse("family:volunteers-request", args=[req.pk]), [req.created_by]))
    return out


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    return core_reminders.send_due(school, today, collect)


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    """Every school's reminders about parent volunteers; {school code: [keys sent]}."""
    return core_reminders.send_all(send, today, schools)
