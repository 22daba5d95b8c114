"""Agreement reminders (COM-1): the committee is told once when an agreement in force has 30 days or fewer left,
and once when its term is over (it is then marked expired).

Delivered by core.reminders.deliver, keyed "partners:agreement:<id>:<soon|ended>:<end date>": a second run the same
day (a restart, a second server) sends nothing again; an agreement whose end is moved is warned again."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import reminders as core_reminders
from xinhuo.core.access import roles_with
from xinhuo.core.models import School
from xinhuo.core.reminders import Reminder
from xinhuo.core.services import recipients_for_roles

from .models import Agreement, AgreementStatus

PREFIX = "partners:"
SOON_DAYS = 30


def collect(school: School, today: dt.date) -> list[Reminder]:
    due = list(Agreement.objects.filter(school=school, status__in=(AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED),
                                        ends_on__lte=today + dt.timedelta(days=SOON_DAYS),
                                        ends_on__gte=today - dt.timedelta(days=SOON_DAYS))
               .select_related("partner").order_by("ends_on", "pk"))
    if not due:
        return []
    committee = recipients_for_roles(school, roles_with("community.partners.manage"))
    out = []
    for a in due:
        link = reverse("community:partners-agreement-detail", args=[a.pk])
        term = _("%(partner)s · term %(start)s to %(end)s") % {
            "partner": a.partner.name, "start": a.starts_on.isoformat(), "end": a.ends_on.isoformat()}
        if a.ends_on < today:
            out.append(Reminder("ended", f"{PREFIX}agreement:{a.pk}:ended:{a.ends_on.isoformat()}",
                                _("A co-building agreement has expired: %(title)s") % {"title": a.title},
                                [term, _("Renew it, or let it end.")], link, committee))
        elif a.status == AgreementStatus.IN_FORCE:
            out.append(Reminder("soon", f"{PREFIX}agreement:{a.pk}:soon:{a.ends_on.isoformat()}",
                                _("A co-building agreement ends in %(days)d days: %(title)s") % {
                                    "days": (a.ends_on - today).days, "title": a.title},
                                [term, _("Talk with the partner about renewing it.")], link, committee))
    return out


def mark_expired(school: School, today: dt.date) -> int:
    return Agreement.objects.filter(school=school, status=AgreementStatus.IN_FORCE, ends_on__lt=today).update(
        status=AgreementStatus.EXPIRED)


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    sent = core_reminders.send_due(school, today, collect)
    mark_expired(school, today or timezone.localdate())
    return sent


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    return core_reminders.send_all(send, today, schools)
