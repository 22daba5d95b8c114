"""Pages of counselling appointments (PSY-3). Thin: a scoped selector reads, one service writes, the template
shows. Denied = 404. One page per role's needs: the counsellor's schedule (slots and bookings), a student's or
parent's free slots and bookings, a head teacher's referral form and their referred students' bookings. The reason
and the session notes are on the counsellor's appointment page only, and every reading of them is logged."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.models import Role
from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, submit

from . import selectors, services
from .forms import BookForm, RecordForm, SlotForm

APPOINTMENT = "wellbeing_appointment"
FREE_SHOWN = 60


@actor_view("appointments.view")
def appointments(request):
    actor = request.actor
    counsellor = actor.has_role(Role.COUNSELLOR)
    students = selectors.bookable_students(actor)
    books = actor.can("appointments.book") or actor.can("appointments.refer")
    mine = list(selectors.my_appointments(actor)[:50]) if not counsellor else []
    slots = [(slot, next((a for a in slot.appointments.all() if a.status in services.LIVE), None))
             for slot in (selectors.my_slots(actor) if counsellor else [])]
    shown = len(mine) + sum(1 for _slot, live in slots if live is not None)
    log_list(request, APPOINTMENT, shown)
    student_list = list(students) if books else []
    return render(request, "wellbeing/appointment_list.html", {
        "counsellor": counsellor, "slots": slots, "mine": mine,
        "free": list(selectors.free_slots(actor)[:FREE_SHOWN]) if books and student_list else [],
        "students": student_list, "self_only": len(student_list) == 1 and student_list[0].pk == actor.student_id,
        "referrer": actor.can("appointments.refer"),
        "cancellable": {a.pk for a in mine if services.may_cancel(actor, a)},
    })


@actor_view("appointments.manage")
def slot_new(request):
    actor = request.actor
    form = SlotForm(request.POST or None)

    def save():
        starts_at, ends_at = form.times()
        return services.slots_publish(actor=actor, starts_at=starts_at, ends_at=ends_at,
                                      weeks=form.cleaned_data["weeks"], mode=form.cleaned_data["mode"],
                                      place=form.cleaned_data["place"])

    if submit(request, form, save, lambda made: _("%(n)d slot(s) published.") % {"n": len(made)}):
        return redirect("wellbeing:appointments")
    return render(request, "wellbeing/slot_form.html", {"form": form}, status=form_status(request))


@require_POST
@actor_view("appointments.manage")
def slot_withdraw(request, pk: int):
    actor = request.actor
    slot = selectors.slot(actor, pk)
    act(request, lambda: services.slot_withdraw(actor=actor, slot=slot), _("Slot withdrawn."))
    return redirect("wellbeing:appointments")


@require_POST
@actor_view("appointments.view")
def appointment_book(request, pk: int):
    actor = request.actor
    if not (actor.can("appointments.book") or actor.can("appointments.refer")):
        raise Http404
    slot = selectors.slot(actor, pk)
    form = BookForm(request.POST, students=selectors.bookable_students(actor))
    act(request, lambda: services.appointment_book(actor=actor, slot=slot, student=form.cleaned_data["student"],
                                                   reason=form.cleaned_data["reason"]),
        _("Booked. The counsellor has been told."), form=form)
    return redirect("wellbeing:appointments")


@require_POST
@actor_view("appointments.view")
def appointment_cancel(request, pk: int):
    actor = request.actor
    appointment = selectors.appointment(actor, pk)
    act(request, lambda: services.appointment_cancel(actor=actor, appointment=appointment),
        _("Appointment cancelled."))
    return redirect("wellbeing:appointments")


@actor_view("appointments.manage")
def appointment_detail(request, pk: int, form=None):
    actor = request.actor
    appointment = selectors.appointment_with_notes(actor, pk)
    log_view(request, APPOINTMENT, appointment, field="notes")
    initial = {"status": appointment.status if appointment.status in services.RECORDED else "held",
               "notes": appointment.notes or ""}
    return render(request, "wellbeing/appointment_detail.html", {
        "appointment": appointment, "form": form or RecordForm(initial=initial),
        "cancellable": services.may_cancel(actor, appointment),
    }, status=400 if form is not None else 200)


@require_POST
@actor_view("appointments.manage")
def appointment_record(request, pk: int):
    actor = request.actor
    appointment = selectors.appointment_with_notes(actor, pk)
    form = RecordForm(request.POST)
    if submit(request, form, lambda: services.appointment_record(
            actor=actor, appointment=appointment, status=form.cleaned_data["status"],
            notes=form.cleaned_data["notes"]), _("Session recorded.")):
        return redirect("wellbeing:appointment-detail", pk=appointment.pk)
    return appointment_detail(request, pk, form=form)
