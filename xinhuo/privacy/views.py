"""Pages of personal data over time (ORG-9). Thin: a scoped selector reads, one service writes. Denied = 404.
The retention list and each summary are reads of minors' data: written to the access log."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, submit

from . import conf, selectors, services
from .forms import AnswerForm, HoldForm, LeavingForm, RequestForm
from .models import RequestKind, RequestStatus
from .rules import can


@actor_view("privacy.view")
def request_list(request):
    actor = request.actor
    status = request.GET.get("status", "")
    status = status if status in RequestStatus.values else ""
    page = paginate(request, selectors.requests(actor, status=status))
    return render(request, "privacy/requests.html", {
        "page": page, "status": status, "statuses": RequestStatus.choices,
        "manages": actor.can("privacy.manage"), "may_file": bool(selectors.filable_students(actor)),
        "overdue": selectors.overdue_count(actor) if actor.can("privacy.manage") else 0,
    })


@actor_view("privacy.request")
def request_new(request):
    actor = request.actor
    students = selectors.filable_students(actor)
    form = RequestForm(request.POST or None, students=students)
    done = submit(request, form, lambda: services.request_file(
        actor=actor, student_id=form.cleaned_data["student"], kind=form.cleaned_data["kind"],
        text=form.cleaned_data["text"]), _("Your request was sent; the school answers by the date shown."))
    if done:
        return redirect("privacy:request-detail", done.pk)
    return render(request, "privacy/request_new.html", {"form": form, "students": students,
                                                         "days": conf.request_days()},
                  status=form_status(request))


@actor_view("privacy.view")
def request_detail(request, pk: int):
    actor = request.actor
    item = selectors.request_detail(actor, pk)
    log_view(request, "privacy_request", item)
    answering = can(actor, "answer_request", item) and item.status == RequestStatus.OPEN
    return render(request, "privacy/request_detail.html", {
        "item": item, "steps": selectors.steps(item), "form": AnswerForm() if answering else None,
        "summary_link": item.kind == RequestKind.ACCESS and can(actor, "view_summary", item.student),
    })


@actor_view("privacy.manage")
def request_answer(request, pk: int):
    actor = request.actor
    item = selectors.request_detail(actor, pk)
    form = AnswerForm(request.POST or None)
    done = submit(request, form, lambda: services.request_answer(
        actor=actor, request=item, action=form.cleaned_data["action"], comment=form.cleaned_data["comment"]),
        _("The answer was sent to the family."))
    if done:
        return redirect("privacy:request-detail", item.pk)
    return render(request, "privacy/request_detail.html", {
        "item": item, "steps": selectors.steps(item), "form": form, "summary_link": False,
    }, status=form_status(request))


@actor_view("privacy.view")
def summary(request, student_pk: int):
    actor = request.actor
    student = selectors.summary_student(actor, student_pk)
    log_view(request, "privacy_summary", student)
    return render(request, "privacy/summary.html", {"student": student, "sections": selectors.summary(student)})


@actor_view("privacy.manage")
def due(request):
    actor = request.actor
    rows = selectors.due(actor)
    log_list(request, "privacy_due", len(rows))
    return render(request, "privacy/due.html", {
        "rows": rows, "years": conf.retention_years(), "days": conf.NOTICE_DAYS, "hold_form": HoldForm(),
        "leaving_form": LeavingForm(),
        "log_years": conf.access_log_years(),
    })


@require_POST
@actor_view("privacy.manage")
def hold(request, student_pk: int):
    actor = request.actor
    form = HoldForm(request.POST)
    act(request, lambda: services.hold_place(actor=actor, student_id=student_pk, reason=form.cleaned_data["reason"]),
        _("The record is held: the daily job keeps it until the hold is released."), form=form)
    return redirect("privacy:due")


@require_POST
@actor_view("privacy.manage")
def release(request, pk: int):
    actor = request.actor
    item = selectors.open_hold(actor, pk)
    act(request, lambda: services.hold_release(actor=actor, hold=item),
        _("The hold was released: the record is erased when it is due."))
    return redirect("privacy:due")


@require_POST
@actor_view("privacy.manage")
def leaving(request):
    actor = request.actor
    form = LeavingForm(request.POST)
    act(request, lambda: services.leaving_record(actor=actor, student_no=form.cleaned_data["student_no"],
                                                 status=form.cleaned_data["status"], on=form.cleaned_data["on"]),
        lambda s: _("Recorded: %(name)s, %(status)s.") % {"name": s.name, "status": s.get_status_display()},
        form=form)
    return redirect("privacy:due")
