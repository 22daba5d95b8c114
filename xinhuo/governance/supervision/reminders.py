"""Overdue rectification items (整改逾期): each morning the owner of every item still being rectified after its
deadline is told, and the director gets one notice listing them. `reminded_on` holds the day an item was last
warned: a second run the same day (a restart, a second server, the command by hand) warns nobody again, and each
item is claimed by a conditional UPDATE, so two runs at once cannot both send it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xinhuo.core.access import roles_with
from xinhuo.core.models import School
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import Rectification, RectificationStatus


def _line(item: Rectification, today: dt.date) -> str:
    return _("%(problem)s: deadline %(due)s, %(days)d days overdue") % {
        "problem": item.problem, "due": item.due_on.isoformat(), "days": (today - item.due_on).days}


def send(school: School, today: dt.date | None = None) -> list[int]:
    """Warn of the school's overdue items not warned today; returns the ids warned now."""
    today = today or timezone.localdate()
    not_today = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    due = list(Rectification.objects.filter(not_today, school=school, status=RectificationStatus.OPEN,
                                            due_on__lt=today).select_related("owner").order_by("due_on", "pk"))
    warned: list[Rectification] = []
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for item in due:
            if Rectification.objects.filter(not_today, pk=item.pk).update(reminded_on=today):
                warned.append(item)
        for item in warned:
            link = reverse("governance:supervision-rectification", args=[item.pk])
            notify(school, [item.owner], _("A rectification item is overdue"),
                   _line(item, today) + "\n" + _("Finish it and submit the evidence, or tell the committee why."),
                   link)
        if warned:
            lines = [_line(item, today) for item in warned[:30]]
            if len(warned) > 30:
                rest = len(warned) - 30
                lines.append(ngettext("… and %(n)d more", "… and %(n)d more", rest) % {"n": rest})
            directors = recipients_for_roles(school, roles_with("governance.supervision.warned"))
            notify(school, directors, _("%(n)d rectification items are overdue") % {"n": len(warned)},
                   "\n".join(lines), reverse("governance:supervision-home") + "?overdue=on")
    return [item.pk for item in warned]


def send_all(today: dt.date | None = None, schools=None) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {}
    for school in (schools if schools is not None else School.objects.order_by("pk")):
        result[school.code] = send(school, today)
    return result
