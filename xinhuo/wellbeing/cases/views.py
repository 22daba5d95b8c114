"""Pages of the three-party follow-up cases (PSY-2) and referrals (COM-4). Thin: a scoped selector reads, one
service writes, the template shows. Denied = 404. Every list and every reading of a case is logged. What a page
shows depends on the party the reader is (selectors.party_of): the counsellor everything; the head teacher the
state and their tasks; the family what the school asks of it, its tasks and the messages — never answers, scores
or notes."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.params import parse_id
from xinhuo.core.web import act, actor_view, form_status, log_list, log_view, paginate, query_without_page, submit

from ..models import CaseStatus, Party
from . import selectors, services
from .forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    MessageForm,
    ReferralForm,
    ReferralOutcomeForm,
    StepForm,
    TaskDoneForm,
    TaskForm,
)

CASE = "wellbeing_case"
STEP_LABELS = {
    "contact": gettext_lazy("Contact the family"),
    "support": gettext_lazy("Support"),
    "monitor": gettext_lazy("Move to monitoring"),
    "close": gettext_lazy("Close the case"),
    "reopen": gettext_lazy("Reopen"),
}


@actor_view("cases.view")
def case_list(request):
    actor = request.actor
    form = CaseFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.case_list(actor, **filters))
    log_list(request, CASE, page, filters)
    today = timezone.localdate()
    return render(request, "wellbeing/case_list.html", {
        "form": form, "page": page, "query": query_without_page(request), "today": today,
        "can_manage": actor.can("cases.manage"),
    })


@actor_view("cases.manage")
def case_new(request):
    actor = request.actor
    alert = selectors.alert_for(actor, request.GET.get("alert") or request.POST.get("alert"))
    initial = {}
    if alert is not None:
        initial["student"] = alert.student_id
    elif student := parse_id(request.GET.get("student")):
        initial["student"] = student
    form = CaseOpenForm(request.POST or None, initial=initial, students=selectors.students_to_open(actor))
    case = submit(request, form, lambda: services.case_open(actor=actor, alert=alert, **form.cleaned_data),
                  _("Follow-up case opened: the head teacher and the family have been told."))
    if case:
        return redirect("wellbeing:case-detail", pk=case.pk)
    live = selectors.live_case_of(actor, initial.get("student"))
    return render(request, "wellbeing/case_new.html", {"form": form, "alert": alert, "live": live},
                  status=form_status(request))


def _steps_for(case) -> list[dict]:
    return [{"action": name, "label": STEP_LABELS[name], "needs_summary": name == "close",
             "needs_reason": t.comment_required}
            for name, t in services.TRANSITIONS.items() if case.status in t.sources]


@actor_view("cases.view")
def case_detail(request, pk: int):
    actor = request.actor
    case, party = selectors.case_detail(actor, pk)
    log_view(request, CASE, case, party=str(party))
    counsellor = party == Party.COUNSELLOR
    tasks = selectors.case_tasks(case, party)
    today = timezone.localdate()
    for task in tasks:
        task.overdue = selectors.is_overdue(task, today)  # type: ignore[attr-defined]
        task.mine = counsellor or task.party == party  # type: ignore[attr-defined]
    context = {
        "case": case, "party": party, "counsellor": counsellor, "tasks": tasks,
        "messages_list": selectors.case_messages(case, party),
        "steps": list(case.steps.select_related("by").order_by("at", "pk")),
        "head_teachers": selectors.head_teachers(case.student),
        "can_write": party in (Party.COUNSELLOR, Party.FAMILY),
        "message_form": MessageForm(), "done_form": TaskDoneForm(),
    }
    if counsellor:
        context.update({
            "referrals": selectors.case_referrals(case, party),
            "actions": _steps_for(case),
            "edit_form": CaseEditForm(initial={"risk": case.risk, "family_request": case.family_request,
                                               "notes": case.notes}),
            "task_form": TaskForm(), "referral_form": ReferralForm(school=actor.school),
            "outcome_form": ReferralOutcomeForm(),
            "live": case.status != CaseStatus.CLOSED,
        })
    return render(request, "wellbeing/case_detail.html", context)


@require_POST
@actor_view("cases.manage")
def case_step(request, pk: int):
    actor = request.actor
    case, _party = selectors.case_detail(actor, pk)
    form = StepForm(request.POST)
    action = request.POST.get("action", "")
    act(request, lambda: services.case_step(actor=actor, case=case, action=action,
                                            comment=form.cleaned_data["comment"],
                                            summary=form.cleaned_data["summary"]),
        lambda c: _("The case is now: %(status)s.") % {"status": c.get_status_display()}, form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)


@require_POST
@actor_view("cases.manage")
def case_edit(request, pk: int):
    actor = request.actor
    case, _party = selectors.case_detail(actor, pk)
    form = CaseEditForm(request.POST)
    act(request, lambda: services.case_update(actor=actor, case=case, **form.cleaned_data), _("Case saved."),
        form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)


@require_POST
@actor_view("cases.manage")
def task_add(request, pk: int):
    actor = request.actor
    case, _party = selectors.case_detail(actor, pk)
    form = TaskForm(request.POST)
    act(request, lambda: services.task_add(actor=actor, case=case, **form.cleaned_data), _("Task added."),
        form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)


@require_POST
@actor_view("cases.view")
def task_done(request, pk: int, task: int):
    actor = request.actor
    case, party = selectors.case_detail(actor, pk)
    found = selectors.case_task(actor, case, party, task)
    form = TaskDoneForm(request.POST)
    act(request, lambda: services.task_done(actor=actor, task=found, note=form.cleaned_data["note"]),
        _("Task marked done."), form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)


@require_POST
@actor_view("cases.view")
def message_post(request, pk: int):
    actor = request.actor
    case, _party = selectors.case_detail(actor, pk)
    form = MessageForm(request.POST)
    act(request, lambda: services.message_post(actor=actor, case=case, text=form.cleaned_data["text"]),
        _("Message sent."), form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)


@require_POST
@actor_view("cases.manage")
def referral_add(request, pk: int):
    actor = request.actor
    case, _party = selectors.case_detail(actor, pk)
    form = ReferralForm(request.POST)
    act(request, lambda: services.referral_add(actor=actor, case=case, **form.cleaned_data),
        _("Referral recorded."), form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)


@require_POST
@actor_view("cases.manage")
def referral_update(request, pk: int, referral: int):
    actor = request.actor
    case, party = selectors.case_detail(actor, pk)
    found = selectors.case_referral(case, party, referral)
    form = ReferralOutcomeForm(request.POST)
    act(request, lambda: services.referral_update(actor=actor, referral=found, **form.cleaned_data),
        _("Referral saved."), form=form)
    return redirect("wellbeing:case-detail", pk=case.pk)
