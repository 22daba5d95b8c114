"""Who hears of what in the activities' workflow (DESIGN.md: each step notified)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import roles_with
from xinhuo.core.models import School, User
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import Activity, ActivityStatus, ActivityStep, SignUp
from .signals import activity_changed, signup_promoted

S = ActivityStatus


def approvers(school: School) -> list[User]:
    """The director and the school leaders: they approve applications and read the summaries."""
    return recipients_for_roles(school, roles_with("activities.approve"))


@receiver(activity_changed, sender=Activity)
def tell_of_step(sender, activity: Activity, step: ActivityStep, actor, **kwargs) -> None:
    link = reverse("activities:detail", args=[activity.pk])
    when = timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
    comment = step.comment or ""
    title_vars = {"title": activity.title}
    if step.to_status == S.APPLIED:
        # a new application, or one submitted again: the leaders who may approve it
        notify(activity.school, approvers(activity.school), _("To approve: %(title)s") % title_vars,
               _("%(who)s applies for %(title)s on %(when)s.") % {"who": activity.organiser.display_name,
                                                                  "when": when, **title_vars},
               link, exclude=activity.organiser)
    elif step.to_status in (S.APPROVED, S.RETURNED, S.REJECTED):
        headings: dict[str, str] = {S.APPROVED: _("Approved: %(title)s"),
                                    S.RETURNED: _("Returned for changes: %(title)s"),
                                    S.REJECTED: _("Rejected: %(title)s")}
        heading = headings[step.to_status] % title_vars
        notify(activity.school, [activity.organiser], heading, comment, link)
        if step.to_status == S.APPROVED:
            elders = [e.user for e in activity.elders.select_related("user") if e.user_id]
            notify(activity.school, elders, _("You take part: %(title)s") % title_vars,
                   _("On %(when)s at %(place)s.") % {"when": when, "place": activity.place or "—"}, link)
    elif step.to_status == S.SUMMARISED:
        notify(activity.school, approvers(activity.school), _("Summary written: %(title)s") % title_vars,
               _("It can be archived."), link, exclude=activity.organiser)
    elif step.to_status == S.ARCHIVED:
        notify(activity.school, [activity.organiser], _("Archived: %(title)s") % title_vars, comment, link)


@receiver(signup_promoted, sender=SignUp)
def tell_of_place(sender, signup: SignUp, activity: Activity, **kwargs) -> None:
    """A place freed: whoever moved up from the waiting list (the account that signed up, and the student's)."""
    users = [signup.user, signup.signed_by]
    if signup.student is not None and signup.student.user_id:
        users.append(signup.student.user)
    notify(activity.school, users, _("You have a place: %(title)s") % {"title": activity.title},
           _("A place was freed and you moved up from the waiting list."),
           reverse("activities:detail", args=[activity.pk]))
