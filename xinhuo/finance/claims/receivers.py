"""Who hears of a claim's steps: each step tells the next actor (finance of a submission, the approvers of a
checked claim, the second approvers of a first approval, finance of an approval to pay) and the claimant of every
answer (returned, rejected, approved, paid). The notice names the claim and its amount; the link leads to its page,
which checks who may see it."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.models import Role
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import ClaimStatus, ExpenseClaim
from .rules import claimant_is_director
from .signals import claim_changed

S = ClaimStatus


@receiver(claim_changed, sender=ExpenseClaim)
def tell_next(sender, claim: ExpenseClaim, step, actor, **kwargs) -> None:
    school = claim.school
    link = reverse("finance:claims-detail", args=[claim.pk])
    what = _("Expense claim: %(title)s, %(amount)s yuan") % {"title": claim.title, "amount": f"{claim.amount:.2f}"}
    me = actor.user if actor is not None else None
    claimant = [claim.claimant]
    if claim.status == S.SUBMITTED:
        users = [u for u in recipients_for_roles(school, roles_with("finance.claims.check"))
                 if u.pk != claim.claimant_id]
        notify(school, users, what, _("A claim waits for finance's check."), link, exclude=me)
    elif claim.status == S.CHECKED:
        roles = {Role.LEADER} if claimant_is_director(claim) else {Role.DIRECTOR}
        users = [u for u in recipients_for_roles(school, roles) if u.pk != claim.claimant_id]
        notify(school, users, what, _("A claim is checked by finance and waits for your approval."), link,
               exclude=me)
    elif claim.status == S.FIRST_APPROVED:
        users = [u for u in recipients_for_roles(school, roles_with("finance.claims.approve"))
                 if u.pk not in (claim.claimant_id, claim.approved_by_id)]
        notify(school, users, what, _("A claim above the threshold waits for a second approval."), link,
               exclude=me)
    elif claim.status == S.APPROVED:
        notify(school, recipients_for_roles(school, roles_with("finance.claims.pay")), what,
               _("A claim is approved: please pay it and record the payment."), link, exclude=me)
        notify(school, claimant, what, _("Your claim is approved; finance will pay it."), link, exclude=me)
    elif claim.status == S.PAID:
        notify(school, claimant, what, _("Your claim is paid."), link, exclude=me)
    elif claim.status == S.RETURNED:
        notify(school, claimant, what, _("Your claim is returned for changes: %(comment)s") % {
            "comment": step.comment}, link, exclude=me)
    elif claim.status == S.REJECTED:
        notify(school, claimant, what, _("Your claim is rejected: %(comment)s") % {"comment": step.comment}, link,
               exclude=me)
