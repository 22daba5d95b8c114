"""Who hears of a rectification item's steps: its owner when it is assigned, returned, closed or marked not
rectified; the committee when evidence is submitted. The notices name the problem, never an accountability
record; the link leads to the page, which checks who may see it."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import Rectification, RectificationStatus
from .signals import rectification_changed

S = RectificationStatus


@receiver(rectification_changed, sender=Rectification)
def tell_of_step(sender, rectification: Rectification, step, actor, **kwargs) -> None:
    school = rectification.school
    link = reverse("governance:supervision-rectification", args=[rectification.pk])
    title = _("Rectification: %(problem)s") % {"problem": rectification.problem}
    me = actor.user if actor is not None else None
    owner = [rectification.owner]
    if step.from_status == "" and rectification.status == S.OPEN:
        notify(school, owner, title, _("You are the owner of this rectification item; the deadline is %(due)s.") % {
            "due": rectification.due_on.isoformat()}, link, exclude=me)
    elif rectification.status == S.SUBMITTED:
        committee = recipients_for_roles(school, roles_with("governance.supervision.manage"))
        notify(school, committee, title, _("The evidence is submitted: please verify it."), link, exclude=me)
    elif rectification.status == S.OPEN:
        notify(school, owner, title, _("Returned: %(comment)s") % {"comment": step.comment}, link, exclude=me)
    elif rectification.status == S.CLOSED:
        notify(school, owner, title, _("Verified and closed. Thank you."), link, exclude=me)
    elif rectification.status == S.FAILED:
        notify(school, owner, title, _("Marked not rectified: %(comment)s") % {"comment": step.comment}, link,
               exclude=me)
