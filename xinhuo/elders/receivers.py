"""Who hears of what in the elders' work: the notices sent when the services' signals fire."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.models import School, User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import ApprenticeshipPair, Assignment, Award, Inspection
from .signals import apprenticeship_changed, assignment_changed, award_given, inspection_changed


def committee_users(school: School, *, exclude: User | None = None) -> list[User]:
    """Who hears of the elders' matters (elders.committee: the committee director, the school leaders)."""
    committee = recipients_for_roles(school, roles_with("elders.committee"))
    return [u for u in committee if exclude is None or u.pk != exclude.pk]


@receiver(assignment_changed, sender=Assignment)
def tell_of_assignment(sender, assignment: Assignment, action: str, actor, reason: str = "", **kwargs) -> None:
    if action == "assigned":
        notify(assignment.school, [assignment.elder.user],
               _("New task: %(role)s · %(need)s") % {"role": assignment.get_role_display(), "need": assignment.need},
               _("From %(start)s. See your home page for your tasks.") % {"start": assignment.start_on.isoformat()},
               reverse("elders:home"))
    elif action == "stepped_down":
        notify(assignment.school, committee_users(assignment.school),
               _("%(name)s steps down: %(role)s") % {"name": assignment.elder.name,
                                                     "role": assignment.get_role_display()},
               _("Need: %(need)s. Reason: %(reason)s") % {"need": assignment.need, "reason": reason},
               reverse("elders:assignments") + f"?elder={assignment.elder_id}")


@receiver(inspection_changed, sender=Inspection)
def tell_of_inspection(sender, inspection: Inspection, step, actor, filed: bool, **kwargs) -> None:
    link = reverse("elders:inspection-detail", args=[inspection.pk])
    if filed:
        urgent = inspection.severity == Inspection.Severity.HIGH
        title = (_("Urgent inspection report: %(kind)s · %(place)s") if urgent
                 else _("New inspection report: %(kind)s · %(place)s")) % {
            "kind": inspection.get_kind_display(), "place": inspection.place}
        body = _("%(inspector)s, %(date)s, %(severity)s: %(findings)s") % {
            "inspector": inspection.inspector.name, "date": inspection.date.isoformat(),
            "severity": inspection.get_severity_display(), "findings": inspection.findings[:500]}
        notify(inspection.school, committee_users(inspection.school, exclude=actor.user), title, body, link)
    else:
        title = _("Your inspection report: %(status)s · %(place)s") % {
            "status": inspection.get_status_display(), "place": inspection.place}
        notify(inspection.school, [inspection.inspector.user], title, step.comment, link)


@receiver(apprenticeship_changed, sender=ApprenticeshipPair)
def tell_of_pair(sender, apprenticeship: ApprenticeshipPair, action: str, actor, **kwargs) -> None:
    if action != "started":
        return
    mentee = apprenticeship.mentee_elder if apprenticeship.mentee_elder_id else apprenticeship.mentee_teacher.staff  # type: ignore[union-attr]
    notify(apprenticeship.school, [apprenticeship.mentor.user, mentee.user],  # type: ignore[union-attr]
           _("New apprenticeship pair: %(mentor)s and %(mentee)s") % {"mentor": apprenticeship.mentor.name,
                                                              "mentee": apprenticeship.mentee_name},
           apprenticeship.goals, reverse("elders:pair-detail", args=[apprenticeship.pk]))


@receiver(award_given, sender=Award)
def tell_of_award(sender, award: Award, actor, **kwargs) -> None:
    notify(award.school, [award.elder.user],
           _("Congratulations: you received the award “%(title)s”") % {"title": award.title},
           award.citation, reverse("elders:award-certificate", args=[award.pk]))
