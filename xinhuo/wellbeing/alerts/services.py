"""Alerts (PSY-2): raised by an alert item answered, told at once to the counsellors and the safeguarding lead by
every configured channel, kept on their home pages until acknowledged, escalated to the director when nobody
acknowledges them within the school's time (counted in school hours)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.models import Role, School, User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles
from xinhuo.core.validators import clean_text

from ..models import Alert, AlertStatus, Response, WellbeingSettings
from ..rules import can

if TYPE_CHECKING:
    from xinhuo.people.models import Student


def settings_for(school: School) -> WellbeingSettings:
    """The school's settings (the defaults until someone saves them)."""
    found = WellbeingSettings.objects.filter(school=school).first()
    if found is not None:
        return found
    options = WellbeingSettings(school=school)
    # the model's defaults are written as text ("07:30"): an unsaved row gives them as they are written
    for name in ("school_day_starts", "school_day_ends"):
        value = getattr(options, name)
        if isinstance(value, str):
            setattr(options, name, dt.time.fromisoformat(value))
    return options


def _is_school_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the calendar does not know yet: Monday to Friday
        return day.weekday() < 5


def escalation_time(raised: dt.datetime, minutes: int, starts: dt.time, ends: dt.time) -> dt.datetime:
    """`minutes` of school time after `raised`: the clock runs on school days (the state's working-day calendar,
    with its make-up days) between `starts` and `ends` only, so an alert raised at 22:00 escalates `minutes` after
    the next school day begins."""
    tz = timezone.get_current_timezone()
    moment = timezone.localtime(raised, tz)
    left = dt.timedelta(minutes=minutes)
    for _day in range(60):  # a school day comes within 60 days even over the summer's long holidays' weekends
        day = moment.date()
        if _is_school_day(day):
            opens = dt.datetime.combine(day, starts, tz)
            closes = dt.datetime.combine(day, ends, tz)
            start = max(moment, opens)
            if start < closes:
                if start + left <= closes:
                    return start + left
                left -= closes - start
        moment = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tz)
    return timezone.localtime(raised, tz) + dt.timedelta(minutes=minutes)  # no school day in sight: wall clock


def alert_receivers(school: School) -> list[User]:
    """The counsellors and the safeguarding lead."""
    users = recipients_for_roles(school, [Role.COUNSELLOR])
    lead = settings_for(school).safeguarding_lead
    if lead is not None and lead.is_active and lead.pk not in {u.pk for u in users}:
        users.append(lead)
    return users


def _tell(alert: Alert, users: list[User], title: str, source: str = "") -> None:
    link = reverse("wellbeing:alert-detail", args=[alert.pk])
    who = {"student": alert.student.name, "class": str(alert.student.school_class), "source": source}
    if source:  # raised outside a screening (the library's assistant): say where, not "in a screening"
        body = _("%(student)s (%(class)s) wrote words that signal danger to %(source)s. Please make contact today "
                 "and acknowledge the alert.") % who
    else:
        body = _("%(student)s (%(class)s) answered a question on self-harm in a screening. Please make contact "
                 "today and acknowledge the alert.") % who
    notify(alert.school, users, title, body, link=link)


def alert_raise(*, school: School, student: Student, response: Response | None, items: list[str],
                source: str = "") -> Alert:
    """Raise an alert and tell its receivers at once (after the commit, by every configured channel). `source`
    names where the words were written when it was not a screening (the library's assistant)."""
    options = settings_for(school)
    now = timezone.now()
    alert = Alert.objects.create(
        school=school, student=student, response=response, items=items, raised_at=now,
        escalate_at=escalation_time(now, options.escalate_after_minutes, options.school_day_starts,
                                    options.school_day_ends))
    receivers = alert_receivers(school)
    title = _("Alert: please act now") if source else _("Screening alert: please act now")
    transaction.on_commit(lambda: _tell(alert, receivers, title, source))
    return alert


@audited
@transaction.atomic
def alert_acknowledge(*, actor: Actor, alert: Alert, note: str = "") -> Alert:
    """Someone who handles alerts has taken it on: it leaves the home pages and does not escalate."""
    alert = lock(Alert, alert.pk, school=actor.school)
    if not can(actor, "handle_alert", alert):
        raise ValidationError(_("This alert is not yours to acknowledge."))
    if alert.status == AlertStatus.ACKNOWLEDGED:
        raise ValidationError(_("This alert has already been acknowledged."))
    errors: dict = {}
    note = clean_text(note, 1000, "note", errors)
    if errors:
        raise ValidationError(errors)
    alert.status, alert.acknowledged_by, alert.acknowledged_at = AlertStatus.ACKNOWLEDGED, actor.user, timezone.now()
    alert.note = note
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "note"])
    return alert


def alerts_escalate_due(now: dt.datetime | None = None) -> int:
    """Escalate to the director every open alert past its time (once each); the number escalated. Safe to run as
    often as wanted: a second run finds nothing."""
    now = now or timezone.now()
    done = 0
    for pk in Alert.objects.filter(status=AlertStatus.OPEN, escalated_at__isnull=True, escalate_at__lte=now) \
            .values_list("pk", flat=True):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().select_related("student__school_class", "school") \
                .filter(pk=pk, status=AlertStatus.OPEN, escalated_at__isnull=True).first()
            if alert is None:
                continue
            alert.escalated_at = now
            alert.save(update_fields=["escalated_at"])
            receivers = recipients_for_roles(alert.school, [Role.DIRECTOR]) + alert_receivers(alert.school)
            transaction.on_commit(partial(_tell, alert, receivers,
                                          _("Screening alert not yet acknowledged: escalated to you")))
            done += 1
    return done



# --- the school's safeguarding settings ----------------------------------------------------------------------------

LEAD_ROLES = (Role.DIRECTOR, Role.LEADER, Role.COUNSELLOR)
ESCALATE_MIN, ESCALATE_MAX = 5, 24 * 60


def lead_candidates(school: School):
    """Who may be the safeguarding lead: the school's active directors, leaders and counsellors."""
    return (User.objects.filter(memberships__school=school, memberships__role__in=LEAD_ROLES, is_active=True)
            .distinct().order_by("full_name", "pk"))


@audited
@transaction.atomic
def settings_save(*, actor: Actor, safeguarding_lead: User | None, escalate_after_minutes: int,
                  school_day_starts: dt.time, school_day_ends: dt.time) -> WellbeingSettings:
    """Choose the safeguarding lead and when an alert escalates. The new time applies to alerts raised from now
    on; an alert already open keeps its time."""
    actor.require("wellbeing.settings")
    errors: dict[str, str] = {}
    if safeguarding_lead is not None and not lead_candidates(actor.school).filter(pk=safeguarding_lead.pk).exists():
        errors["safeguarding_lead"] = _("The safeguarding lead is one of the school's active directors, leaders "
                                        "or counsellors.")
    if (not isinstance(escalate_after_minutes, int) or isinstance(escalate_after_minutes, bool)
            or not ESCALATE_MIN <= escalate_after_minutes <= ESCALATE_MAX):
        errors["escalate_after_minutes"] = _("An alert escalates after %(low)d to %(high)d minutes of school "
                                             "time.") % {"low": ESCALATE_MIN, "high": ESCALATE_MAX}
    if not isinstance(school_day_starts, dt.time):
        errors["school_day_starts"] = _("Enter the time the school day starts.")
    if not isinstance(school_day_ends, dt.time):
        errors["school_day_ends"] = _("Enter the time the school day ends.")
    elif isinstance(school_day_starts, dt.time) and school_day_starts >= school_day_ends:
        errors["school_day_ends"] = _("The school day ends after it starts.")
    if errors:
        raise ValidationError(errors)
    current, _created = WellbeingSettings.objects.select_for_update().get_or_create(school=actor.school)
    current.safeguarding_lead = safeguarding_lead
    current.escalate_after_minutes = escalate_after_minutes
    current.school_day_starts, current.school_day_ends = school_day_starts, school_day_ends
    current.save()
    return current
