"""Who hears of a case's steps: the head teachers of the student's class and the student's guardians with an
account (and the case's counsellor when someone else took the step). A notice names the student and the state,
never an answer, a score or a note."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Case, CaseStatus
from .selectors import guardian_users, head_teachers
from .signals import case_changed


def parties(case: Case) -> list:
    return [*head_teachers(case.student), *guardian_users(case.student), case.counsellor]


@receiver(case_changed, sender=Case, dispatch_uid="wellbeing-case-changed")
def tell_of_step(sender, case: Case, step, actor, **kwargs) -> None:
    from xinhuo.core.notifications import notify

    link = reverse("wellbeing:case-detail", args=[case.pk])
    name = case.student.name
    if not step.from_status:
        title = _("Follow-up for %(student)s: the school is following up") % {"student": name}
        body = _("The school's counsellor has opened a follow-up for %(student)s with the head teacher and the "
                 "family. Please see what is asked of you.") % {"student": name}
    elif case.status == CaseStatus.CLOSED:
        title = _("Follow-up for %(student)s: closed") % {"student": name}
        body = _("The follow-up for %(student)s is closed. Thank you for your help.") % {"student": name}
    else:
        title = _("Follow-up for %(student)s: %(status)s") % {"student": name, "status": case.get_status_display()}
        body = _("The follow-up for %(student)s is now: %(status)s.") % {
            "student": name, "status": case.get_status_display()}
    notify(case.school, parties(case), title, body, link, exclude=actor.user)
