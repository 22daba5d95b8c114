"""Pages of the bursaries part (COM-3): funds with their balances, donors, donations, grants with their approval,
the accountability reports (the committee's and the donor's, as pages, workbooks and a letter) and a parent's own
children's bursaries. Thin: a scoped selector, one service, a response; denied objects are 404."""

from __future__ import annotations

import io

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.excel import xlsx_response
from xinhuo.core.params import parse_id
from xinhuo.core.web import (
    act,
    actor_view,
    form_status,
    log_list,
    log_view,
    paginate,
    query_without_page,
    stream_file,
    submit,
)

from . import exports, selectors, services
from .forms import DonationForm, DonorForm, FundForm, GrantFilterForm, GrantForm, StepForm
from .models import Fund, GrantStatus
from .rules import can

STEP_DONE = {
    "approve": gettext_lazy("The grant is approved; finance can pay it."),
    "return": gettext_lazy("The grant is returned to the proposer."),
    "reject": gettext_lazy("The grant is rejected."),
    "resubmit": gettext_lazy("The grant is proposed again."),
    "pay": gettext_lazy("The grant is recorded as paid."),
}


def _managed_fund(request, pk: int) -> Fund:
    fund = selectors.fund_detail(request.actor, pk)
    if not can(request.actor, "manage_fund", fund):
        raise Http404
    return fund


# --- funds -----------------------------------------------------------------------------------------------------


@actor_view("community.bursaries.view")
def home(request):
    actor = request.actor
    rows = list(selectors.funds(actor))
    for f in rows:
        setattr(f, "balance", selectors.balance(f))  # noqa: B010 - an attribute for the template
    reads = actor.can("community.bursaries.read")
    return render(request, "community/bursaries/home.html", {
        "funds": rows, "reads": reads, "manages": actor.can("community.bursaries.manage"),
        "proposes": actor.can("community.bursaries.propose"),
        "waiting": selectors.grants(actor).filter(status=GrantStatus.APPLIED).count(),
    })


@actor_view("community.bursaries.manage")
def fund_form(request, pk: int | None = None):
    actor = request.actor
    fund = _managed_fund(request, pk) if pk is not None else None
    form = FundForm(request.POST or None, initial=FundForm.initial_for(fund) if fund else None,
                    donors=selectors.donors(actor), groups=selectors.group_choices(actor))
    saved = submit(request, form, lambda: services.fund_save(actor=actor, fund=fund, **form.cleaned_data),
                   _("The fund is saved."))
    if saved:
        return redirect("community:bursaries-fund", saved.pk)
    return render(request, "community/bursaries/fund_form.html", {"form": form, "fund": fund},
                  status=form_status(request))


@actor_view("community.bursaries.view")
def fund_detail(request, pk: int):
    actor = request.actor
    fund = selectors.fund_detail(actor, pk)
    reads = actor.can("community.bursaries.read")
    page = paginate(request, selectors.grants(actor).filter(fund=fund))
    log_view(request, "bursary_fund", fund)
    return render(request, "community/bursaries/fund_detail.html", {
        "fund": fund, "balance": selectors.balance(fund), "reads": reads,
        "manages": can(actor, "manage_fund", fund), "proposes": actor.can("community.bursaries.propose"),
        "groups": selectors.group_labels(actor, fund.group_codes),
        "donations": selectors.donations(fund)[:50] if reads else None,
        "page": page, "query": query_without_page(request),
        "donation_form": DonationForm() if can(actor, "manage_fund", fund) else None,
        "grade_min": selectors.grade_name(fund.grade_min) if fund.grade_min else "",
        "grade_max": selectors.grade_name(fund.grade_max) if fund.grade_max else "",
    })


@require_POST
@actor_view("community.bursaries.manage")
def donation_add(request, pk: int):
    actor = request.actor
    fund = _managed_fund(request, pk)
    form = DonationForm(request.POST, request.FILES)
    act(request, lambda: services.donation_add(actor=actor, fund=fund, **form.cleaned_data),
        _("The donation is recorded."), form=form)
    return redirect("community:bursaries-fund", fund.pk)


@actor_view("community.bursaries.read")
def donation_receipt(request, pk: int):
    donation = selectors.donation_detail(request.actor, pk)
    if not donation.receipt:
        raise Http404
    log_view(request, "bursary_donation", donation, field="receipt")
    return stream_file(donation.receipt, download_name=donation.receipt_name or None)


# --- reports ---------------------------------------------------------------------------------------------------


@actor_view("community.bursaries.read")
def report(request, pk: int):
    data = selectors.fund_report(request.actor, pk)
    log_view(request, "bursary_report", data["fund"])
    return render(request, "community/bursaries/report.html", {
        **data, "chart": selectors.chart(data["months"]), "donor_version": False})


@actor_view("community.bursaries.read")
def donor_report(request, pk: int):
    data = selectors.donor_report(request.actor, pk)
    return render(request, "community/bursaries/report.html", {
        **data, "chart": selectors.chart(data["months"]), "donor_version": True})


@actor_view("community.bursaries.read")
def report_xlsx(request, pk: int):
    data = selectors.fund_report(request.actor, pk)
    log_view(request, "bursary_report", data["fund"], field="export")
    return xlsx_response(exports.committee_workbook(data), f"{data['fund'].name}-资助明细.xlsx")


@actor_view("community.bursaries.read")
def donor_report_xlsx(request, pk: int):
    data = selectors.donor_report(request.actor, pk)
    return xlsx_response(exports.donor_workbook(data), f"{data['fund'].name}-使用情况.xlsx")


@actor_view("community.bursaries.read")
def donor_letter(request, pk: int):
    data = selectors.donor_report(request.actor, pk)
    buf = io.BytesIO()
    exports.donor_letter(data, school_name=request.actor.school.name, today=timezone.localdate(), out=buf)
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=f"{data['fund'].name}-致捐赠方的信.pdf",
                        content_type="application/pdf")


# --- donors ----------------------------------------------------------------------------------------------------


@actor_view("community.bursaries.read")
def donor_list(request):
    actor = request.actor
    page = paginate(request, selectors.donors(actor))
    log_list(request, "bursary_donor", page)
    return render(request, "community/bursaries/donor_list.html", {
        "page": page, "manages": actor.can("community.bursaries.manage")})


@actor_view("community.bursaries.manage")
def donor_form(request, pk: int | None = None):
    actor = request.actor
    donor = selectors.donor_detail(actor, pk) if pk is not None else None
    form = DonorForm(request.POST or None, initial=DonorForm.initial_for(donor) if donor else None)
    saved = submit(request, form, lambda: services.donor_save(actor=actor, donor=donor, **form.cleaned_data),
                   _("The donor is saved."))
    if saved:
        return redirect("community:bursaries-donors")
    return render(request, "community/bursaries/donor_form.html", {"form": form, "donor": donor},
                  status=form_status(request))


# --- grants ----------------------------------------------------------------------------------------------------


@actor_view("community.bursaries.view")
def grant_list(request):
    actor = request.actor
    form = GrantFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.grant_list(actor, **filters))
    log_list(request, "bursary_grant", page, filters)
    return render(request, "community/bursaries/grant_list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "proposes": actor.can("community.bursaries.propose"), "reads": actor.can("community.bursaries.read")})


@actor_view("community.bursaries.propose")
def grant_new(request):
    actor = request.actor
    initial: dict[str, object] = {"granted_on": timezone.localdate()}
    fund_id = parse_id(request.GET.get("fund") or "")
    if fund_id:
        initial["fund"] = fund_id
    form = GrantForm(request.POST or None, initial=initial, funds=selectors.open_funds(actor),
                     students=selectors.proposable_students(actor))
    saved = submit(request, form, lambda: services.grant_propose(actor=actor, **form.cleaned_data),
                   _("The grant is proposed; the committee will review it."))
    if saved:
        return redirect("community:bursaries-grant", saved.pk)
    return render(request, "community/bursaries/grant_form.html", {"form": form}, status=form_status(request))


@actor_view("community.bursaries.view")
def grant_detail(request, pk: int):
    actor = request.actor
    grant = selectors.grant_detail(actor, pk)
    log_view(request, "bursary_grant", grant)
    steps = {
        "approve": can(actor, "approve_grant", grant) and grant.status == GrantStatus.APPLIED,
        "resubmit": can(actor, "resubmit_grant", grant) and grant.status == GrantStatus.RETURNED,
        "pay": can(actor, "pay_grant", grant) and grant.status == GrantStatus.APPROVED,
    }
    return render(request, "community/bursaries/grant_detail.html", {
        "grant": grant, "steps": steps, "history": selectors.grant_steps(grant),
        "groups": selectors.current_groups(actor, grant), "sees_groups": actor.can("special_groups.view"),
        "reads": actor.can("community.bursaries.read"),
        "own": grant.proposed_by_id == actor.user.pk, "today": timezone.localdate(),
    })


@require_POST
@actor_view("community.bursaries.view")
def grant_step(request, pk: int):
    actor = request.actor
    grant = selectors.grant_detail(actor, pk)
    form = StepForm(request.POST)
    action = request.POST.get("action", "")

    def call():
        data = form.cleaned_data
        return services.grant_step(actor=actor, grant=grant, action=data["action"], comment=data["comment"],
                                   amount=data["amount"], reason=data["reason"] or None, paid_on=data["paid_on"])

    act(request, call, lambda _g: str(STEP_DONE.get(action, "")), form=form)
    return redirect("community:bursaries-grant", grant.pk)


@actor_view("community.bursaries.mine")
def mine(request):
    rows = list(selectors.my_children_grants(request.actor))
    return render(request, "community/bursaries/mine.html", {"grants": rows})
