"""Who hears of home visits' and forums' follow-up items: the owner when an item is assigned to them, the one
who created it when it is closed (not the actor themself: they know)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.models import Membership
from xinhuo.core.services import notification_send

from ..models import FollowUp
from ..signals import follow_up_changed


def _source_label(item: FollowUp) -> str:
    visit, forum = item.home_visit, item.forum
    if visit is not None:
        return _("Home visit to %(name)s on %(date)s") % {
            "name": visit.student.name, "date": visit.visited_on.isoformat()}
    if forum is not None:
        return _("Forum %(title)s on %(date)s") % {"title": forum.title, "date": forum.held_on.isoformat()}
    return ""


def _tell(item: FollowUp, user, title: str, body: str) -> None:
    if user is None or not user.is_active:
        return
    if not Membership.objects.filter(school_id=item.school_id, user=user).exists():
        return
    notification_send(actor=None, school=item.school, recipients=[user], title=title[:100], body=body[:2000],
                      link=reverse("care:follow-ups") + "?mine=1", check_permission=False)


@receiver(follow_up_changed, sender=FollowUp)
def tell_of_follow_up(sender, item: FollowUp, actor, action: str, **kwargs) -> None:
    me = actor.user.pk if actor is not None else None
    if action == "assigned" and item.owner_id and item.owner_id != me:
        due = (_(" Due on %(date)s.") % {"date": item.due_on.isoformat()}) if item.due_on else ""
        # the item's text and outcome are encrypted at rest: the notification names its source, the link shows it
        _tell(item, item.owner, _("A follow-up item for you"), _source_label(item) + "." + due)
    elif action == "closed" and item.created_by_id and item.created_by_id != me:
        _tell(item, item.created_by, _("A follow-up item was closed"), _source_label(item) + ".")
