"""Who hears of mentoring pairs: the mentor (with an account) when paired with a student, and when the pair ends."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.models import Membership
from xinhuo.core.services import notification_send

from ..models import MentoringPair
from ..signals import pair_changed


@receiver(pair_changed, sender=MentoringPair, dispatch_uid="care.mentoring.pair_changed")
def notify_mentor(sender, pair: MentoringPair, actor, action: str, **kwargs) -> None:
    mentor = pair.mentor
    person = mentor.elder or mentor.staff or mentor.peer
    user = getattr(person, "user", None) if person is not None else None
    if user is None or not user.is_active or not Membership.objects.filter(school=pair.school, user=user).exists():
        return
    if action == "created":
        title = _("You are now the growth mentor of %(student)s") % {"student": pair.student.name}
        body = _("Needs: %(needs)s. Contact every %(days)d days. %(plan)s") % {
            "needs": _needs(pair),
            "days": pair.contact_every_days, "plan": pair.contact_plan}
    elif action == "ended":
        title = _("Your mentoring pair with %(student)s has ended") % {"student": pair.student.name}
        body = pair.summary
    else:
        return
    notification_send(actor=None, school=pair.school, recipients=[user], title=title[:100], body=body[:2000],
                      link=reverse("care:mentees"), check_permission=False)


def _needs(pair: MentoringPair) -> str:
    from ..models import Need

    return "、".join(str(Need(c).label) for c in pair.needs if c in Need.values)
