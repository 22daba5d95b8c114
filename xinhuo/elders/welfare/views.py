"""Pages of the elders' welfare (ELD-4): care visits, health checks, recreation, birthdays. Thin: a
selector reads, one service writes, the template shows."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.services import access_log_record
from xinhuo.core.web import actor_view, form_status, submit

from ..common import allowed
from ..rules import can
from . import selectors, services
from .forms import CareVisitDoneForm, CareVisitForm, HealthCheckForm, RecreationForm


@actor_view("elder_care.view")
def care(request):
    actor = request.actor
    overview = selectors.care_overview(actor)
    access_log_record(actor, "list", "elder_care", detail={
        "birthdays": len(overview.birthdays), "health_due": len(overview.health_due)}, request=request)
    return render(request, "elders/welfare_overview.html", {
        "o": overview, "health_form": HealthCheckForm(initial={"date": overview.today}),
    })


@actor_view("elder_care.view")
def care_visit_new(request):
    actor = request.actor
    if not actor.can("elders.manage"):
        raise Http404
    elders = selectors.care_elders(actor)
    initial: dict = {"planned_on": timezone.localdate()}
    if parse_id(request.GET.get("elder")):
        initial["elder"] = parse_id(request.GET["elder"])
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = CareVisitForm(request.POST or None, elders=elders, initial=initial)
    if submit(request, form, lambda: services.care_visit_create(actor=actor, **form.cleaned_data), _("Visit planned.")):
        return redirect("elders:care")
    return render(request, "elders/welfare_visit_form.html", {"form": form, "visit": None}, status=form_status(request))


@actor_view("elder_care.view")
def care_visit_edit(request, pk: int):
    actor = request.actor
    visit = allowed(actor, "manage_elder_care", selectors.care_visit_detail(actor, pk))
    form = CareVisitForm(request.POST or None, elders=selectors.care_elders(actor, also=[visit.elder_id]), initial={
        "elder": visit.elder_id, "kind": visit.kind, "planned_on": visit.planned_on, "visitors": visit.visitors,
        "notes": visit.notes})
    if submit(request, form, lambda: services.care_visit_update(actor=actor, visit=visit, **form.cleaned_data),
              _("Visit saved.")):
        return redirect("elders:care")
    return render(request, "elders/welfare_visit_form.html", {"form": form, "visit": visit},
                  status=form_status(request))


@actor_view("elder_care.view")
def care_visit_done(request, pk: int):
    actor = request.actor
    visit = allowed(actor, "manage_elder_care", selectors.care_visit_detail(actor, pk))
    form = CareVisitDoneForm(request.POST or None, initial={
        "done_on": visit.done_on or timezone.localdate(), "visitors": visit.visitors, "notes": visit.notes})
    if submit(request, form, lambda: services.care_visit_done(actor=actor, visit=visit, **form.cleaned_data),
              _("Visit recorded as done.")):
        return redirect("elders:care")
    return render(request, "elders/welfare_visit_done.html", {"form": form, "visit": visit},
                  status=form_status(request))


@require_POST
@actor_view("elder_care.view")
def health_check(request, pk: int):
    actor = request.actor
    elder = selectors.care_elders(actor).filter(pk=pk).first()
    if elder is None or not can(actor, "manage_elder_care", elder):
        raise Http404
    form = HealthCheckForm(request.POST)
    if submit(request, form,
              lambda: services.elder_health_check_record(actor=actor, elder=elder, date=form.cleaned_data["date"]),
              lambda _elder: _("Health check of %(name)s recorded: %(date)s.")
              % {"name": elder.name, "date": form.cleaned_data["date"].isoformat()}):
        return redirect("elders:care")
    return render(request, "elders/welfare_health_check.html", {"form": form, "elder": elder}, status=400)


def _recreation_page(request, event):
    actor = request.actor
    initial: dict = {"date": timezone.localdate()}
    if event is not None:
        initial = {"title": event.title, "date": event.date, "place": event.place, "notes": event.notes,
                   "participants": [p.pk for p in event.participants.all()]}
    elders = selectors.care_elders(actor, also=initial.get("participants", ()))
    form = RecreationForm(request.POST or None, elders=elders, initial=initial)
    if submit(request, form, lambda: services.recreation_event_create(actor=actor, **form.cleaned_data) if event is None
              else services.recreation_event_update(actor=actor, event=event, **form.cleaned_data),
              _("Recreation event saved.")):
        return redirect("elders:care")
    return render(request, "elders/welfare_recreation_form.html", {"form": form, "event": event},
                  status=form_status(request))


@actor_view("elder_care.view")
def recreation_new(request):
    if not request.actor.can("elders.manage"):
        raise Http404
    return _recreation_page(request, None)


@actor_view("elder_care.view")
def recreation_edit(request, pk: int):
    event = allowed(request.actor, "manage_elder_care", selectors.recreation_detail(request.actor, pk))
    return _recreation_page(request, event)
