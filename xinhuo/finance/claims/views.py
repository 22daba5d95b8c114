"""Pages of the claims part (GOV-3, 报销): one's own claims, the queues of finance and the approvers, a claim with
its history and receipts, the phone-first form (a receipt photo straight from the camera). Thin: a scoped selector,
one service, a response; denied objects are 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xinhuo.core.uploads import content_type_for
from xinhuo.core.web import act, actor_view, form_status, paginate, query_without_page, stream_file, submit

from . import selectors, services
from .forms import ClaimFilterForm, ClaimForm, ReceiptForm, StepForm
from .models import ClaimStatus
from .rules import APPROVE, CHECK, can

S = ClaimStatus
STEP_DONE = {
    "submit": gettext_lazy("The claim is submitted; finance will check it."),
    "withdraw": gettext_lazy("The claim is withdrawn."),
    "check": gettext_lazy("The claim is checked; the director will approve it."),
    "approve": gettext_lazy("The claim is approved."),
    "return": gettext_lazy("The claim is returned to the claimant."),
    "reject": gettext_lazy("The claim is rejected."),
    "pay": gettext_lazy("The claim is recorded as paid."),
}


def _form(request, actor, claim=None):
    lines = selectors.lines_with_balance(actor)
    initial = ClaimForm.initial_for(claim) if claim else {"spent_on": timezone.localdate()}
    return ClaimForm(request.POST or None, request.FILES or None, initial=initial, lines=lines,
                     activities=selectors.activity_choices(actor), tasks=selectors.task_choices(actor))


def _save(request, actor, form, claim=None):
    now = "submit" in request.POST

    def call():
        data = form.cleaned_data
        return services.claim_save(actor=actor, claim=claim, submit=now, **data)

    return submit(request, form, call, lambda c: str(STEP_DONE["submit"]) if now else _("The claim is saved as a "
                                                                                        "draft."))


@actor_view("finance.claims.submit")
def mine(request):
    actor = request.actor
    form = ClaimFilterForm(request.GET or None)
    page = paginate(request, selectors.claim_list(actor, "mine", **form.filters()))
    return render(request, "finance/claims/mine.html", {"form": form, "page": page,
                                                        "query": query_without_page(request)})


@actor_view("finance.claims.handle")
def queue(request):
    actor = request.actor
    names = selectors.boxes_for(actor)
    name = request.GET.get("box") or names[0]
    if name not in names:
        raise Http404
    form = ClaimFilterForm(request.GET or None)
    page = paginate(request, selectors.claim_list(actor, name, **form.filters()))
    return render(request, "finance/claims/queue.html", {
        "form": form, "page": page, "box": name, "boxes": names, "counts": selectors.counts(actor),
        "query": query_without_page(request)})


@actor_view("finance.claims.submit")
def claim_new(request):
    actor = request.actor
    form = _form(request, actor)
    saved = _save(request, actor, form)
    if saved:
        return redirect("finance:claims-detail", saved.pk)
    return render(request, "finance/claims/form.html", {"form": form, "claim": None}, status=form_status(request))


@actor_view("finance.claims.submit")
def claim_edit(request, pk: int):
    actor = request.actor
    claim = selectors.claim_detail(actor, pk)
    if not can(actor, "own_claim", claim):
        raise Http404
    if claim.status not in services.EDITABLE:
        return redirect("finance:claims-detail", claim.pk)
    form = _form(request, actor, claim)
    saved = _save(request, actor, form, claim)
    if saved:
        return redirect("finance:claims-detail", saved.pk)
    return render(request, "finance/claims/form.html", {
        "form": form, "claim": claim, "receipts": selectors.receipts(claim)}, status=form_status(request))


@actor_view("dashboard")
def detail(request, pk: int):
    actor = request.actor
    claim = selectors.claim_detail(actor, pk)
    own = claim.claimant_id == actor.user.pk
    st = claim.status
    steps = {
        "edit": own and st in services.EDITABLE,
        "submit": own and st in services.EDITABLE,
        "withdraw": own and st in services.OPEN,
        "check": st == S.SUBMITTED and can(actor, "check_claim", claim),
        "approve": (st == S.CHECKED and can(actor, "approve_claim", claim))
        or (st == S.FIRST_APPROVED and can(actor, "second_claim", claim)),
        "pay": st == S.APPROVED and can(actor, "pay_claim", claim),
    }
    steps["decide"] = steps["check"] or steps["approve"]
    blocked = ""
    if steps["decide"] and own:
        blocked = _("You made this claim: someone else checks and approves it.")
    elif st == S.FIRST_APPROVED and steps["approve"] and claim.approved_by_id == actor.user.pk:
        blocked = _("You gave the first approval: the second approval is another approver's.")
    over = services.second_approval_over(claim.school) if st == S.CHECKED else None
    return render(request, "finance/claims/detail.html", {
        "claim": claim, "own": own, "steps": steps, "blocked": blocked, "history": selectors.claim_steps(claim),
        "receipts": selectors.receipts(claim), "receipt_form": ReceiptForm() if steps["edit"] else None,
        "today": timezone.localdate(), "needs_second": over is not None and claim.amount > over, "over": over,
        "handles": actor.can(CHECK) or actor.can(APPROVE)})


@require_POST
@actor_view("dashboard")
def step(request, pk: int):
    actor = request.actor
    claim = selectors.claim_detail(actor, pk)
    form = StepForm(request.POST)
    action = request.POST.get("action", "")

    def call():
        data = form.cleaned_data
        return services.claim_step(actor=actor, claim=claim, action=data["action"], comment=data["comment"],
                                   paid_on=data["paid_on"], payment_reference=data["payment_reference"])

    act(request, call, lambda c: str(STEP_DONE.get(action, "")), form=form)
    return redirect("finance:claims-detail", claim.pk)


@require_POST
@actor_view("finance.claims.submit")
def receipt_add(request, pk: int):
    actor = request.actor
    claim = selectors.claim_detail(actor, pk)
    if not can(actor, "own_claim", claim):
        raise Http404
    form = ReceiptForm(request.POST, request.FILES)
    act(request, lambda: services.receipts_add(actor=actor, claim=claim, receipts=form.cleaned_data["receipts"]),
        _("The receipts are added."), form=form)
    return redirect("finance:claims-detail", claim.pk)


@actor_view("dashboard")
def receipt_file(request, pk: int):
    receipt = selectors.receipt_detail(request.actor, pk)
    pdf = content_type_for(receipt.file.name) == "application/pdf"
    return stream_file(receipt.file, download_name=receipt.name if pdf else None)


@require_POST
@actor_view("finance.claims.submit")
def receipt_remove(request, pk: int):
    actor = request.actor
    receipt = selectors.receipt_detail(actor, pk)
    act(request, lambda: services.receipt_remove(actor=actor, receipt=receipt), _("The receipt is removed."))
    return redirect("finance:claims-detail", receipt.claim_id)
