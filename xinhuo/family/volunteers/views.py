"""Pages of parent volunteers (namespace family:): a parent's own page (offer, invitations, hours), the roster,
an activity's requests with who answered, and the committee's hours. Thin: a scoped selector reads, one service
writes. Denied = 404."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.activities import selectors as activities_selectors
from xinhuo.core import selectors as core_selectors
from xinhuo.core.web import act, actor_view, form_status, log_list, paginate, query_without_page, submit

from . import selectors, services
from .forms import InviteForm, OfferForm, RequestForm, RosterFilterForm
from .models import ResponseStatus
from .rules import can, is_committee, may_request_for

RS = ResponseStatus
ROSTER = "parent_volunteer"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value).replace(tzinfo=None)


# --- the parent's own page ----------------------------------------------------------------------------------------


@actor_view("family.volunteers.offer")
def mine(request):
    actor = request.actor
    if not actor.guardian_id:
        raise Http404
    offer = selectors.my_offer(actor)
    initial: dict = {"active": True}
    if offer is not None:
        initial = {"kinds": offer.kind_list, "skills": offer.skills, "weekdays": list(offer.weekdays),
                   "times": offer.times, "active": offer.active}
    form = OfferForm(request.POST or None, initial=initial)
    if submit(request, form, lambda: services.offer_save(actor=actor, **form.cleaned_data),
              _("Your volunteer offer is saved. Thank you!")):
        return redirect("family:volunteers-mine")
    year = selectors.current_year(actor)
    return render(request, "family/volunteers/mine.html", {
        "form": form, "offer": offer,
        "upcoming": list(selectors.my_responses(actor, upcoming=True).exclude(status=RS.WITHDRAWN)[:50]),
        "calls": selectors.open_calls(actor),
        "past": list(selectors.my_responses(actor, upcoming=False).filter(status=RS.ACCEPTED)[:50]),
        "year": year, "now": timezone.now(),
        "hours_year": selectors.hours_of(actor.guardian_id, since=year.start if year else None),
        "hours_all": selectors.hours_of(actor.guardian_id),
    }, status=form_status(request))


# --- the roster ---------------------------------------------------------------------------------------------------


@actor_view("family.volunteers.roster")
def roster(request):
    actor = request.actor
    form = RosterFilterForm(request.GET or None, classes=core_selectors.class_choices(actor, wide=is_committee(actor)))
    filters = form.filters()
    page = paginate(request, selectors.roster(actor, **filters))
    log_list(request, ROSTER, page, filters, as_text=True)
    return render(request, "family/volunteers/roster.html", {
        "form": form, "page": page, "query": query_without_page(request), "full_phone": selectors.shows_phone(actor),
    })


# --- requests -----------------------------------------------------------------------------------------------------


@actor_view("family.volunteers.request")
def requests(request):
    actor = request.actor
    when = request.GET.get("when", "upcoming")
    when = when if when in ("upcoming", "past", "all") else "upcoming"
    page = paginate(request, selectors.request_list(actor, when=when))
    return render(request, "family/volunteers/requests.html", {
        "page": page, "when": when, "query": query_without_page(request),
        "activities": list(_requestable(actor)[:30]),
    })


def _requestable(actor):
    """The activities still to come the actor may ask volunteers for (theirs; every one for the committee)."""
    qs = activities_selectors.activities(actor).filter(status__in=selectors.REQUESTABLE, ends_at__gt=timezone.now())
    if not is_committee(actor):
        qs = qs.filter(organiser=actor.user)
    return qs.order_by("starts_at", "pk")


@actor_view("family.volunteers.request")
def request_new(request, activity_pk: int):
    actor = request.actor
    activity = activities_selectors.activity_detail(actor, activity_pk)
    if not may_request_for(actor, activity):
        raise Http404
    form = RequestForm(request.POST or None, initial={
        "starts_at": _local(activity.starts_at), "ends_at": _local(activity.ends_at), "needed": 2})
    if saved := submit(request, form, lambda: services.request_create(actor=actor, activity=activity,
                                                                    **form.cleaned_data),
                       _("Request saved: now invite parents, or wait for the volunteers' answers.")):
        return redirect("family:volunteers-request", pk=saved.pk)
    return render(request, "family/volunteers/request_form.html", {"form": form, "activity": activity},
                  status=form_status(request))


@actor_view()
def request_detail(request, pk: int):
    """The organiser's view (who was asked, who answered, invite, hours), or the parent's (accept, decline,
    withdraw)."""
    actor = request.actor
    volunteer_request = selectors.request_detail(actor, pk)
    manages = can(actor, "manage_request", volunteer_request)
    now = timezone.now()
    context: dict = {"r": volunteer_request, "activity": volunteer_request.activity, "manages": manages, "now": now,
                     "still_needed": max(volunteer_request.needed - volunteer_request.accepted, 0)}  # type: ignore[attr-defined]
    if manages:
        rows = selectors.responses(volunteer_request)
        log_list(request, ROSTER, len(rows), object_id=volunteer_request.pk)
        context.update({
            "rows": rows, "full_phone": selectors.shows_phone(actor),
            "candidates": selectors.candidates(actor, volunteer_request) if volunteer_request.starts_at > now else [],
            "accepted_rows": [r for r in rows if r.status == RS.ACCEPTED],
            "hours_open": now >= volunteer_request.ends_at,
            "default_hours": volunteer_request.duration_hours,
        })
    else:
        context["mine"] = selectors.my_responses(actor).filter(request=volunteer_request).first()
        context["open"] = volunteer_request.starts_at > now
    return render(request, "family/volunteers/request.html", context)


@require_POST
@actor_view("family.volunteers.request")
def request_invite(request, pk: int):
    actor = request.actor
    volunteer_request = selectors.request_detail(actor, pk)
    if not can(actor, "manage_request", volunteer_request):
        raise Http404
    form = InviteForm(request.POST, choices=[(o.guardian_id, o.guardian_id)
                                             for o in selectors.candidates(actor, volunteer_request)])
    if not form.is_valid():
        form.cleaned_data = {"guardians": []}
    chosen = services.guardians_of_school(actor, form.cleaned_data["guardians"])
    act(request, lambda: services.request_invite(actor=actor, request=volunteer_request, guardians=chosen),
        lambda rows: _("%(n)d parents invited: they are told in their inbox.") % {"n": len(rows)})
    return redirect("family:volunteers-request", pk=volunteer_request.pk)


@require_POST
@actor_view("family.volunteers.request")
def request_hours(request, pk: int):
    actor = request.actor
    volunteer_request = selectors.request_detail(actor, pk)
    if not can(actor, "manage_request", volunteer_request):
        raise Http404
    served = {}
    for raw in request.POST.getlist("served"):
        if raw.isdigit():
            served[int(raw)] = request.POST.get(f"hours-{raw}", "")
    act(request, lambda: services.hours_confirm(actor=actor, request=volunteer_request, served=served),
        lambda rows: _("Hours confirmed: %(n)d parents served.") % {"n": sum(1 for r in rows if r.served)})
    return redirect("family:volunteers-request", pk=volunteer_request.pk)


@require_POST
@actor_view("family.volunteers.offer")
def answer(request, pk: int):
    actor = request.actor
    volunteer_request = selectors.request_detail(actor, pk)
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline", "withdraw"):
        raise Http404
    if choice == "withdraw":
        act(request, lambda: services.response_withdraw(actor=actor, request=volunteer_request),
            _("You have withdrawn; the organiser is told. Thank you for letting them know."))
    else:
        act(request, lambda: services.response_answer(actor=actor, request=volunteer_request,
                                                      accept=choice == "accept"),
            _("Thank you! You have accepted: see you there.") if choice == "accept" else
            _("You have declined this time."))
    target = request.POST.get("next", "")
    if target == "mine":
        return redirect("family:volunteers-mine")
    if target == "activity":
        return redirect("activities:detail", pk=volunteer_request.activity_id)
    return redirect("family:volunteers-request", pk=volunteer_request.pk)


# --- the committee's hours ----------------------------------------------------------------------------------------


@actor_view("family.volunteers.committee")
def hours(request):
    actor = request.actor
    year = selectors.current_year(actor)
    start, end = (year.start, year.end) if year else (None, None)
    page = paginate(request, selectors.hours_by_parent(actor, start=start, end=end), per_page=50)
    log_list(request, ROSTER, page, {"hours": True}, search=False)
    months = selectors.hours_by_month(actor, start=year.start, end=year.end) if year else []
    chart = {"id": "hours-chart", "type": "hbar", "categories": [m for m, _h in months],
             "values": [float(h) for _m, h in months]}
    return render(request, "family/volunteers/hours.html", {
        "page": page, "year": year, "months": months, "charts": [chart] if any(h for _m, h in months) else [],
        "query": query_without_page(request),
    })
