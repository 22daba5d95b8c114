"""Documents to handle (COM-5): the owner of a higher-level committee's document still open is reminded three days
before it is due and once when it is overdue.

Delivered by core.reminders.deliver: each is written down under a key "exchange:soon:<id>:<due>" or
"exchange:overdue:<id>:<due>", so a second run on the same day — or twice a day — sends nothing again, and a
document whose due date is moved is reminded again for the new one. A document marked done is never reminded.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core import reminders as core_reminders
from xinhuo.core.models import School
from xinhuo.core.reminders import Reminder

from .models import ExchangeEntry

PREFIX = "exchange:"
DAYS_BEFORE = 3


def collect(school: School, today: dt.date) -> list[Reminder]:
    """The reminders due today (nothing is written): soon for due within DAYS_BEFORE days, overdue after."""
    rows = (ExchangeEntry.objects.filter(school=school, to_handle=True, done_at__isnull=True, due__isnull=False,
                                         owner__isnull=False, due__lte=today + dt.timedelta(days=DAYS_BEFORE))
            .select_related("peer", "owner").order_by("due", "pk"))
    out = []
    for e in rows:
        assert e.due is not None and e.owner is not None
        link = reverse("community:exchange-entry-detail", args=[e.pk])
        lines = [_("%(peer)s · %(title)s") % {"peer": e.peer.name, "title": e.title}]
        if e.due < today:
            lines.append(_("Due %(date)s, %(days)d days ago.") % {"date": e.due.isoformat(),
                                                                  "days": (today - e.due).days})
            out.append(Reminder("overdue", f"{PREFIX}overdue:{e.pk}:{e.due.isoformat()}",
                                _("Overdue: %(title)s") % {"title": e.title}, lines, link, [e.owner]))
        else:
            lines.append(_("Due %(date)s, in %(days)d days.") % {"date": e.due.isoformat(),
                                                                 "days": (e.due - today).days})
            out.append(Reminder("soon", f"{PREFIX}soon:{e.pk}:{e.due.isoformat()}",
                                _("Due soon: %(title)s") % {"title": e.title}, lines, link, [e.owner]))
    return out


def send(school: School, today: dt.date | None = None) -> list[Reminder]:
    return core_reminders.send_due(school, today, collect)


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[str]]:
    return core_reminders.send_all(send, today, schools)
