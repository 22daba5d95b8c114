"""Writes of the news: a draft (from an activity or by hand), its edits, publishing and taking it back."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor, roles_with
from xinhuo.core.audit import audited
from xinhuo.core.services import notification_send, recipients_for_roles
from xinhuo.core.validators import clean_text, same_school

from .models import NewsItem, NewsStatus
from .rules import can


def _texts(title: str, body: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title = clean_text(title, 100, "title", errors)
    body = clean_text(body, 20000, "body", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the news a title.")
    if not body and "body" not in errors:
        errors["body"] = _("Write the text of the news.")
    if errors:
        raise ValidationError(errors)
    return title, body


@audited
@transaction.atomic
def news_draft_from_activity(*, actor: Actor, activity) -> NewsItem:
    """"Publish as news" on a summarised activity: a draft telling what happened, for the committee to edit.
    A second call returns the draft already made rather than a copy."""
    same_school(actor, activity)
    if activity.status not in ("summarised", "archived"):
        raise ValidationError(_("Write the activity's summary first: the news tells what happened."))
    existing = NewsItem.objects.filter(activity=activity, status=NewsStatus.DRAFT).first()
    if existing is not None:
        return existing
    when = timezone.localtime(activity.starts_at).date().isoformat()
    lines = [f"{when} · {activity.place}" if activity.place else when, "", activity.summary]
    if activity.effect:
        lines += ["", activity.effect]
    if activity.participants:
        lines += ["", _("%(n)d took part.") % {"n": activity.participants}]
    body = "\n".join(lines)[:20000]
    item = NewsItem.objects.create(school=actor.school, title=activity.title, body=body, activity=activity,
                                   created_by=actor.user)
    # those who publish hear of the draft (the organiser who asked may not publish themselves)
    writers = [u for u in recipients_for_roles(actor.school, roles_with("news.manage")) if u.pk != actor.user.pk]
    if writers:
        notification_send(actor=None, school=actor.school, recipients=writers,
                          title=_("News draft to publish: %(title)s") % {"title": item.title[:80]},
                          body=_("Made from the activity's summary by %(who)s.") % {"who": actor.user.display_name},
                          link=reverse("news:detail", args=[item.pk]), check_permission=False)
    return item


@audited
@transaction.atomic
def news_create(*, actor: Actor, title: str, body: str) -> NewsItem:
    if not can(actor, "edit_news", NewsItem(school=actor.school)):
        raise Http404
    title, body = _texts(title, body)
    return NewsItem.objects.create(school=actor.school, title=title, body=body, created_by=actor.user)


@audited
@transaction.atomic
def news_update(*, actor: Actor, item: NewsItem, title: str, body: str) -> NewsItem:
    if not can(actor, "edit_news", item):
        raise Http404
    item.title, item.body = _texts(title, body)
    item.save(update_fields=["title", "body"])
    return item


@audited
@transaction.atomic
def news_publish(*, actor: Actor, item: NewsItem, publish: bool = True) -> NewsItem:
    """Publish a draft (everyone in the school reads it) or take a published item back to draft."""
    if not can(actor, "edit_news", item):
        raise Http404
    target = NewsStatus.PUBLISHED if publish else NewsStatus.DRAFT
    if item.status == target:
        raise ValidationError(_("The news is published already.") if publish else _("The news is a draft already."))
    item.status = target
    item.published_at = timezone.now() if publish else None
    item.save(update_fields=["status", "published_at"])
    return item
