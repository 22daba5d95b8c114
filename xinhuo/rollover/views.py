"""The rollover pages (issue 19): past runs, prepare, the run (preview, progress, record, undo). Thin: selectors,
one service, a response."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.web import act, actor_view, form_errors_from, form_status

from . import selectors, services
from .forms import PrepareForm

CAP = "rollover.manage"


@actor_view(CAP)
def run_list(request):
    return render(request, "rollover/list.html", {
        "runs": selectors.runs(request.actor), "old": selectors.old_year(request.actor),
    })


def _form(request, actor, data=None):
    plan = selectors.plan(actor)
    classes = [(cls, f"{grade.name}{cls.name}", plan.heads.get(cls.pk, [])) for cls, grade in reversed(plan.moving)]
    staff = selectors.staff_accounts(actor)

    def find_users(names):
        return dict(staff.filter(username__in=names).values_list("username", "pk"))

    form = PrepareForm(data, initial=selectors.defaults(actor), classes=classes,
                       find_students=lambda numbers: selectors.students_by_number(actor, numbers),
                       find_users=find_users)
    return form, plan, staff


@actor_view(CAP)
def prepare(request):
    actor = request.actor
    form, plan, staff = _form(request, actor, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.prepare(actor=actor, choices=form.choices())
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect("rollover:run", pk=run.pk)
    return render(request, "rollover/prepare.html", {
        "form": form, "old": selectors.old_year(actor), "plan": plan,
        "staff": staff.values_list("username", "full_name"),
    }, status=form_status(request) if form.is_bound and form.errors else 200)


@actor_view(CAP)
def run_detail(request, pk):
    services.expire_stale(request.actor.school)  # a run whose worker died shows as failed, not running forever
    run = selectors.run_detail(request.actor, pk)
    undo_ok, blockers = selectors.can_undo(run)
    return render(request, "rollover/run.html", {
        "run": run, "percent": selectors.percent(run), "undo_ok": undo_ok, "blockers": blockers,
    })


@actor_view(CAP)
def run_progress(request, pk):
    """The progress bar, polled by htmx; once the run has ended the whole page reloads to show the outcome."""
    services.expire_stale(request.actor.school)
    run = selectors.run_detail(request.actor, pk)
    if not run.running and request.htmx:
        response = HttpResponse(status=200)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "rollover/_progress.html", {"run": run, "percent": selectors.percent(run)})


@require_POST
@actor_view(CAP)
def run_apply(request, pk):
    run = selectors.run_detail(request.actor, pk)
    act(request, lambda: services.confirm(actor=request.actor, run=run),
        _("The rollover has been started."))
    return redirect("rollover:run", pk=run.pk)


@require_POST
@actor_view(CAP)
def run_undo(request, pk):
    run = selectors.run_detail(request.actor, pk)
    if act(request, lambda: services.undo(actor=request.actor, run=run), _("The rollover has been undone.")):
        return redirect("rollover:run", pk=run.pk)
    messages.info(request, _("Nothing was changed."))
    return redirect("rollover:run", pk=run.pk)
