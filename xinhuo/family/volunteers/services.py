"""Writes of parent volunteers: a parent's offer, an activity's request for volunteers, the invitations and the
answers, the hours confirmed after the duty. Each checks permission (denied = 404), validates (a refusal says
why, in Chinese, and changes nothing), is audited and fires the part's signal (receivers.py notifies)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.db import lock
from xinhuo.core.validators import choose_one_of, clean_decimal, clean_text
from xinhuo.people import selectors as people_selectors

from . import selectors, signals
from .models import WEEKDAY_CODES, ResponseStatus, VolunteerKind, VolunteerOffer, VolunteerRequest, VolunteerResponse
from .rules import can, may_request_for

if TYPE_CHECKING:
    from xinhuo.activities.models import Activity
    from xinhuo.people.models import Guardian

RS = ResponseStatus
SKILLS_MAX = 200
TIMES_MAX = 100
NOTE_MAX = 500
NEEDED_MAX = 200
MAX_HOURS = Decimal("24")


# --- the parent's offer -------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def offer_save(*, actor: Actor, kinds, skills: str = "", weekdays="", times: str = "",
               active: bool = True) -> VolunteerOffer:
    """A parent offers to volunteer, or changes their offer (one per parent); `active` False pauses it (no new
    invitations, open calls hidden) without losing it."""
    actor.require("family.volunteers.offer")
    if not actor.guardian_id:
        raise Http404
    errors: dict[str, str] = {}
    chosen = [k for k in dict.fromkeys(kinds or []) if k]
    if not chosen:
        errors["kinds"] = _("Choose at least one kind of duty you offer.")
    elif any(k not in VolunteerKind.values for k in chosen):
        errors["kinds"] = choose_one_of(VolunteerKind)
    skills = clean_text(skills, SKILLS_MAX, "skills", errors)
    times = clean_text(times, TIMES_MAX, "times", errors)
    days = "".join(sorted({str(d) for d in (weekdays or [])}))
    if any(d not in WEEKDAY_CODES for d in days):
        errors["weekdays"] = _("Choose days from Monday to Sunday.")
    if errors:
        raise ValidationError(errors)
    offer = VolunteerOffer.objects.select_for_update().filter(guardian_id=actor.guardian_id).first()
    if offer is None:
        offer = VolunteerOffer(school=actor.school, guardian_id=actor.guardian_id)
    offer.kinds = "," + ",".join(k for k in VolunteerKind.values if k in chosen) + ","
    offer.skills, offer.weekdays, offer.times, offer.active = skills, days, times, bool(active)
    offer.updated_at = timezone.now()
    offer.save()
    return offer


# --- requests -----------------------------------------------------------------------------------------------------


def _request_fields(activity: Activity, *, kind: str, needed, starts_at, ends_at, note: str,
                    errors: dict) -> dict:
    if kind not in VolunteerKind.values:
        errors["kind"] = choose_one_of(VolunteerKind)
    try:
        count = int(needed)
    except (TypeError, ValueError):
        count = 0
    if not 1 <= count <= NEEDED_MAX:
        errors["needed"] = _("Enter how many volunteers are needed, from 1 to %(n)d.") % {"n": NEEDED_MAX}
    note = clean_text(note, NOTE_MAX, "note", errors)
    if not isinstance(starts_at, dt.datetime):
        errors["starts_at"] = _("Enter a valid date and time.")
    if not isinstance(ends_at, dt.datetime):
        errors["ends_at"] = _("Enter a valid date and time.")
    elif isinstance(starts_at, dt.datetime):
        if ends_at <= starts_at:
            errors["ends_at"] = _("The duty must end after it starts.")
        elif ends_at - starts_at > dt.timedelta(hours=24):
            errors["ends_at"] = _("A duty lasts at most 24 hours: ask again for another day.")
        elif ends_at <= timezone.now():
            errors["ends_at"] = _("This time is past: volunteers are asked for a duty still to come.")
        day = timezone.localtime(activity.starts_at).date()
        last = timezone.localtime(activity.ends_at).date()
        if not day - dt.timedelta(days=1) <= timezone.localtime(starts_at).date() <= last:
            errors["starts_at"] = _("The duty is for the activity: from the day before it (%(from)s) to its last "
                                    "day (%(to)s).") % {"from": (day - dt.timedelta(days=1)).isoformat(),
                                                         "to": last.isoformat()}
    return {"kind": kind, "needed": count, "starts_at": starts_at, "ends_at": ends_at, "note": note}


@audited
@transaction.atomic
def request_create(*, actor: Actor, activity: Activity, kind: str, needed, starts_at=None, ends_at=None,
                   note: str = "", open_to_all: bool = False) -> VolunteerRequest:
    """The organiser (or the committee) asks for volunteers for an approved activity still to come: the duty, how
    many, when (by default the activity's own times), what they do; open to all the audience's volunteers or to
    the parents they then invite."""
    actor.require("family.volunteers.request")
    if activity.school_id != actor.school.pk or not may_request_for(actor, activity):
        raise Http404
    if activity.status not in selectors.REQUESTABLE:
        raise ValidationError(_("Volunteers are asked for an approved activity (this one is %(status)s).") % {
            "status": activity.get_status_display()})
    if activity.ends_at <= timezone.now():
        raise ValidationError(_("The activity is over: no more volunteers are asked for it."))
    errors: dict[str, str] = {}
    fields = _request_fields(activity, kind=kind, needed=needed, starts_at=starts_at or activity.starts_at,
                             ends_at=ends_at or activity.ends_at, note=note, errors=errors)
    if errors:
        raise ValidationError(errors)
    request = VolunteerRequest.objects.create(school=actor.school, activity=activity, created_by=actor.user,
                                              open_to_all=bool(open_to_all), **fields)
    if request.open_to_all:
        signals.volunteers_called.send(sender=VolunteerRequest, request=request, actor=actor)
    return request


def _managed(actor: Actor, request: VolunteerRequest) -> VolunteerRequest:
    if request.school_id != actor.school.pk:
        raise Http404
    current = lock(VolunteerRequest.objects.select_related("activity"), request.pk)
    if not can(actor, "manage_request", current):
        raise Http404
    return current


@audited
@transaction.atomic
def request_invite(*, actor: Actor, request: VolunteerRequest, guardians: list[Guardian]) -> list[VolunteerResponse]:
    """Invite chosen parents of the roster (active volunteers of the activity's audience) to the duty; each is told
    in their inbox. Those asked already are not asked twice."""
    current = _managed(actor, request)
    if current.starts_at <= timezone.now():
        raise ValidationError(_("The duty has started: nobody more is invited."))
    chosen = {g.pk: g for g in guardians}
    if not chosen:
        raise ValidationError({"guardians": _("Choose the parents to invite.")})
    if any(g.school_id != actor.school.pk for g in chosen.values()):
        raise Http404
    volunteering = set(VolunteerOffer.objects.filter(guardian_id__in=chosen, active=True)
                       .filter(selectors.audience_guardian_ids_q(current.activity))
                       .values_list("guardian_id", flat=True))
    if set(chosen) - volunteering:
        names = "、".join(sorted(g.name for pk, g in chosen.items() if pk not in volunteering))
        raise ValidationError({"guardians": _("Only active volunteers of the activity's audience are invited: "
                                              "%(names)s is not one.") % {"names": names}})
    asked = set(VolunteerResponse.objects.filter(request=current, guardian_id__in=chosen)
                .values_list("guardian_id", flat=True))
    now = timezone.now()
    rows = VolunteerResponse.objects.bulk_create([
        VolunteerResponse(request=current, guardian_id=pk, status=RS.INVITED, invited_by=actor.user, invited_at=now)
        for pk in chosen if pk not in asked])
    if not rows:
        raise ValidationError({"guardians": _("These parents are invited already.")})
    signals.volunteers_invited.send(sender=VolunteerRequest, request=current,
                                    guardian_ids=[r.guardian_id for r in rows], actor=actor)
    return rows


def _accepted(request: VolunteerRequest) -> int:
    return VolunteerResponse.objects.filter(request=request, status=RS.ACCEPTED).count()


@audited
@transaction.atomic
def response_answer(*, actor: Actor, request: VolunteerRequest, accept: bool) -> VolunteerResponse:
    """A parent accepts or declines an invitation (or answers an open call) before the duty starts. A request
    with all the volunteers it needs refuses more acceptances, and says so."""
    if request.school_id != actor.school.pk or not actor.guardian_id:
        raise Http404
    current = lock(VolunteerRequest.objects.select_related("activity"), request.pk)
    if not can(actor, "answer_request", current):
        raise Http404
    response = VolunteerResponse.objects.select_for_update().filter(request=current,
                                                                    guardian_id=actor.guardian_id).first()
    if current.starts_at <= timezone.now():
        raise ValidationError(_("The duty has started: answers are closed."))
    if accept:
        if response is not None and response.status == RS.ACCEPTED:
            raise ValidationError(_("You have accepted already. Thank you!"))
        if not VolunteerOffer.objects.filter(guardian_id=actor.guardian_id, active=True).exists():
            raise ValidationError(_("Your volunteer offer is paused: turn it on first on your volunteering page."))
        if _accepted(current) >= current.needed:
            raise ValidationError(_("This request is full: all %(n)d volunteers needed have accepted. Thank you "
                                    "all the same!") % {"n": current.needed})
    elif response is not None and response.status in (RS.DECLINED, RS.WITHDRAWN):
        raise ValidationError(_("You have declined already."))
    elif response is not None and response.status == RS.ACCEPTED:
        raise ValidationError(_("You accepted: to step back, withdraw (before the duty starts)."))
    if response is None:
        response = VolunteerResponse(request=current, guardian_id=actor.guardian_id)
    response.status = RS.ACCEPTED if accept else RS.DECLINED
    response.responded_at = timezone.now()
    response.save()
    signals.volunteer_answered.send(sender=VolunteerResponse, response=response, request=current, actor=actor)
    return response


@audited
@transaction.atomic
def response_withdraw(*, actor: Actor, request: VolunteerRequest) -> VolunteerResponse:
    """A parent who accepted steps back before the duty starts; the organiser is told that a place is free."""
    if request.school_id != actor.school.pk or not actor.guardian_id:
        raise Http404
    current = lock(VolunteerRequest.objects.select_related("activity"), request.pk)
    response = VolunteerResponse.objects.select_for_update().filter(request=current,
                                                                    guardian_id=actor.guardian_id).first()
    if response is None:
        raise Http404
    if response.status != RS.ACCEPTED:
        raise ValidationError(_("Only an accepted duty can be withdrawn from."))
    if current.starts_at <= timezone.now():
        raise ValidationError(_("The duty has started: tell the organiser directly if you cannot come."))
    response.status = RS.WITHDRAWN
    response.responded_at = timezone.now()
    response.save(update_fields=["status", "responded_at"])
    signals.volunteer_withdrew.send(sender=VolunteerResponse, response=response, request=current, actor=actor)
    return response


# --- hours --------------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def hours_confirm(*, actor: Actor, request: VolunteerRequest, served: dict[int, object]) -> list[VolunteerResponse]:
    """After the duty, the organiser (or the committee) confirms who of those who accepted served, and the hours
    each is credited (empty: the duty's length). Those not named did not serve (0 hours). Confirming again
    corrects it."""
    current = _managed(actor, request)
    if timezone.now() < current.ends_at:
        raise ValidationError(_("Hours are confirmed after the duty, from %(when)s.") % {
            "when": timezone.localtime(current.ends_at).strftime("%Y-%m-%d %H:%M")})
    rows = list(VolunteerResponse.objects.select_for_update().filter(request=current)
                .select_related("guardian"))
    accepted = {r.guardian_id: r for r in rows if r.status == RS.ACCEPTED}
    unknown = set(served) - set(accepted)
    errors: dict[str, str] = {}
    if unknown:
        errors["served"] = _("Only parents who accepted the duty are credited.")
    hours: dict[int, Decimal] = {}
    for pk, value in served.items():
        got = clean_decimal(value, "0.1", "hours", _("Enter the hours as a number, such as 2 or 1.5."), errors)
        if got is None and "hours" not in errors:
            got = current.duration_hours
        if got is not None and not Decimal("0.5") <= got <= MAX_HOURS:
            errors["hours"] = _("Enter from 0.5 to 24 hours.")
        if got is not None:
            hours[pk] = got
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for pk, row in accepted.items():
        row.served = pk in hours
        row.hours = hours.get(pk)
        row.confirmed_at, row.confirmed_by = now, actor.user
        row.save(update_fields=["served", "hours", "confirmed_at", "confirmed_by"])
    current.hours_confirmed_at, current.hours_confirmed_by = now, actor.user
    current.save(update_fields=["hours_confirmed_at", "hours_confirmed_by"])
    signals.volunteer_hours_confirmed.send(sender=VolunteerRequest, request=current, actor=actor)
    return list(accepted.values())


def guardians_of_school(actor: Actor, ids) -> list[Guardian]:
    """The parents of the actor's school among `ids` (others are not found)."""
    return list(people_selectors.guardians_of_school(actor.school).filter(pk__in=list(ids)))
