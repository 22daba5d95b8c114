"""Who hears of a grant's steps: the committee of a new proposal, finance of an approval, the proposer of the
committee's answer. The notices name the fund and the amount, never the child (an inbox is read on a phone, in
company); the link leads to the page, which checks who may see it."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import Grant, GrantStatus
from .signals import grant_changed


@receiver(grant_changed, sender=Grant)
def tell_of_step(sender, grant: Grant, step, actor, **kwargs) -> None:
    school = grant.school
    link = reverse("community:bursaries-grant", args=[grant.pk])
    what = _("%(fund)s: a grant of %(amount)s yuan") % {"fund": grant.fund.name, "amount": f"{grant.amount:.2f}"}
    me = actor.user if actor is not None else None
    if grant.status == GrantStatus.APPLIED:
        notify(school, recipients_for_roles(school, roles_with("community.bursaries.approve")), what,
               _("A bursary grant waits for your approval."), link, exclude=me)
    elif grant.status == GrantStatus.APPROVED:
        notify(school, recipients_for_roles(school, roles_with("community.bursaries.pay")), what,
               _("A bursary grant is approved: please pay it and record the day."), link, exclude=me)
        notify(school, [grant.proposed_by], what, _("Your proposal is approved."), link, exclude=me)
    elif grant.status in (GrantStatus.RETURNED, GrantStatus.REJECTED):
        body = (_("Your proposal is returned for changes: %(comment)s") if grant.status == GrantStatus.RETURNED
                else _("Your proposal is not approved: %(comment)s")) % {"comment": step.comment}
        notify(school, [grant.proposed_by], what, body, link, exclude=me)
