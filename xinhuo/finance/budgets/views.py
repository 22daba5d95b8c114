"""Pages of the budgets part (GOV-3): the budgets with their lines and positions, approval, the lines' changes
after approval, the activities' commitments, the finance rules, and the execution report (执行情况) with its Excel
and Word files. Thin: a scoped selector, one service, a response; denied objects are 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinhuo.core.excel import xlsx_response
from xinhuo.core.params import page_id
from xinhuo.core.web import act, actor_view, form_status, paginate, query_without_page, submit

from . import exports, selectors, services
from .forms import BudgetForm, LineForm, MoveForm, SettingsForm, YearFilterForm
from .models import BudgetStatus, Commitment, CommitmentStatus
from .money import positions, total
from .rules import can

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@actor_view("finance.budgets.view")
def home(request):
    actor = request.actor
    return render(request, "finance/budgets/home.html", {
        "budgets": list(selectors.budgets(actor)), "manages": actor.can("finance.budgets.manage"),
        "settings": selectors.finance_settings(actor.school)})


@actor_view("finance.budgets.manage")
def budget_new(request):
    actor = request.actor
    form = BudgetForm(request.POST or None, years=selectors.years(actor))
    saved = submit(request, form, lambda: services.budget_save(actor=actor, **form.cleaned_data),
                   _("The budget is started: add its lines."))
    if saved:
        return redirect("finance:budgets-detail", saved.pk)
    return render(request, "finance/budgets/budget_form.html", {"form": form, "budget": None},
                  status=form_status(request))


@actor_view("finance.budgets.manage")
def budget_edit(request, pk: int):
    actor = request.actor
    budget = selectors.budget_detail(actor, pk)
    form = BudgetForm(request.POST or None, editing=True, initial={"title": budget.title, "note": budget.note})
    if submit(request, form, lambda: services.budget_save(actor=actor, budget=budget, **form.cleaned_data),
              _("The budget is saved.")):
        return redirect("finance:budgets-detail", budget.pk)
    return render(request, "finance/budgets/budget_form.html", {"form": form, "budget": budget},
                  status=form_status(request))


@actor_view("finance.budgets.view")
def budget_detail(request, pk: int):
    actor = request.actor
    budget = selectors.budget_detail(actor, pk)
    found = selectors.lines(budget)
    pos = positions(found)
    manages = can(actor, "edit_budget", budget)
    commitments = paginate(request, Commitment.objects.filter(line__budget=budget)
                           .select_related("line", "activity").order_by("status", "-created_at", "-pk"))
    return render(request, "finance/budgets/detail.html", {
        "budget": budget, "rows": [{"line": x, "pos": pos[x.pk]} for x in found], "total": total(pos.values()),
        "manages": manages, "approves": can(actor, "approve_budget", budget),
        "changes": services.line_changes(budget, found) if budget.status == BudgetStatus.APPROVED else [],
        "page": commitments, "query": query_without_page(request),
        "move_form": MoveForm(lines=found) if manages and budget.status == BudgetStatus.APPROVED else None,
        "pending": CommitmentStatus.PENDING,
    })


@require_POST
@actor_view("finance.budgets.view")
def budget_approve(request, pk: int):
    actor = request.actor
    budget = selectors.budget_detail(actor, pk)
    act(request, lambda: services.budget_approve(actor=actor, budget=budget),
        _("The budget is approved: claims and activities' commitments now go on its lines."))
    return redirect("finance:budgets-detail", budget.pk)


@actor_view("finance.budgets.manage")
def line_form(request, pk: int | None = None, line_pk: int | None = None):
    actor = request.actor
    line = selectors.line_detail(actor, line_pk) if line_pk is not None else None
    budget = line.budget if line is not None else selectors.budget_detail(actor, pk)  # type: ignore[arg-type]
    form = LineForm(request.POST or None, funds=selectors.fund_choices(actor),
                    initial=LineForm.initial_for(line) if line else {"category": "activity"})
    saved = submit(request, form, lambda: services.line_save(actor=actor, budget=budget, line=line,
                                                              **form.cleaned_data),
                   _("The line is saved."))
    if saved:
        return redirect("finance:budgets-detail", budget.pk)
    return render(request, "finance/budgets/line_form.html", {
        "form": form, "budget": budget, "line": line,
        "approved": budget.status == BudgetStatus.APPROVED,
        "pos": positions([line])[line.pk] if line else None}, status=form_status(request))


@require_POST
@actor_view("finance.budgets.manage")
def line_delete(request, line_pk: int):
    actor = request.actor
    line = selectors.line_detail(actor, line_pk)
    act(request, lambda: services.line_delete(actor=actor, line=line), _("The line is taken off the budget."))
    return redirect("finance:budgets-detail", line.budget_id)


@require_POST
@actor_view("finance.budgets.manage")
def commitment_move(request, pk: int):
    actor = request.actor
    commitment = selectors.commitment_detail(actor, pk)
    form = MoveForm(request.POST, lines=selectors.lines(commitment.line.budget))
    act(request, lambda: services.commitment_move(actor=actor, commitment=commitment,
                                                  line=int(form.cleaned_data["line"])),
        _("The commitment is moved."), form=form)
    return redirect("finance:budgets-detail", commitment.line.budget_id)


@require_POST
@actor_view("finance.budgets.manage")
def commitment_release(request, pk: int):
    actor = request.actor
    commitment = selectors.commitment_detail(actor, pk)
    act(request, lambda: services.commitment_release(actor=actor, commitment=commitment),
        _("The commitment is released: its money is back in the line's balance."))
    return redirect("finance:budgets-detail", commitment.line.budget_id)


@actor_view("finance.budgets.view")
def settings_page(request):
    actor = request.actor
    current = selectors.finance_settings(actor.school)
    sets = can(actor, "set_threshold")
    if request.method == "POST" and not sets:
        raise Http404
    form = SettingsForm(request.POST or None, initial={"second_approval_over": f"{current.second_approval_over:.2f}"})
    if submit(request, form, lambda: services.settings_save(actor=actor, **form.cleaned_data),
              _("The finance rules are saved.")):
        return redirect("finance:budgets-settings")
    return render(request, "finance/budgets/settings.html", {"form": form, "current": current, "sets": sets},
                  status=form_status(request))


def _report(request):
    actor = request.actor
    return selectors.report(actor, page_id(request.GET, "year"))


@actor_view("finance.report.view")
def report(request):
    actor = request.actor
    data = _report(request)
    form = YearFilterForm(initial={"year": str(data["year"].pk) if data["year"] else ""},
                          years=selectors.years(actor))
    year_q = f"?year={data['year'].pk}" if data["year"] else ""
    # The activities table goes by pages (the workbook has them all): a large school commits money to hundreds.
    return render(request, "finance/budgets/report.html", {**data, "form": form, "year_q": year_q,
                                                           "activity_page": paginate(request, data["activities"]),
                                                           "query": query_without_page(request),
                                                           "held": data["total"].committed + data["total"].waiting,
                                                           "manages": actor.can("finance.budgets.manage")})


@actor_view("finance.report.view")
def report_xlsx(request):
    data = _report(request)
    if data["budget"] is None:
        raise Http404
    return xlsx_response(exports.workbook(data), f"{data['budget'].title}-执行情况.xlsx")


@actor_view("finance.report.view")
def report_docx(request):
    data = _report(request)
    if data["budget"] is None:
        raise Http404
    response = HttpResponse(exports.document(data, school_name=request.actor.school.name), content_type=DOCX)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(data['budget'].title + '-执行情况.docx')}"
    return response
