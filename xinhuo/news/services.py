"""Writes of the news: a draft (from an activity or by hand), its edits and pictures, publishing and taking it back,
and the school's choice of what its public pages show (docs/publicity.md)."""

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
from xinhuo.core.uploads import check_image, process_later
from xinhuo.core.validators import clean_text, same_school

from .models import NewsImage, NewsItem, NewsStatus, PublicitySettings
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
def news_create(*, actor: Actor, title: str, body: str, consent_checked: bool = False) -> NewsItem:
    if not can(actor, "edit_news", NewsItem(school=actor.school)):
        raise Http404
    title, body = _texts(title, body)
    return NewsItem.objects.create(school=actor.school, title=title, body=body, created_by=actor.user,
                                   consent_checked=bool(consent_checked))


@audited
@transaction.atomic
def news_update(*, actor: Actor, item: NewsItem, title: str, body: str,
                consent_checked: bool | None = None) -> NewsItem:
    """Change the text; consent_checked (when given): the editor has checked that every student the photos show
    has publicity consent, so the public page and the WeChat export may show them."""
    if not can(actor, "edit_news", item):
        raise Http404
    item.title, item.body = _texts(title, body)
    fields = ["title", "body"]
    if consent_checked is not None:
        item.consent_checked = bool(consent_checked)
        fields.append("consent_checked")
    item.save(update_fields=fields)
    return item


MAX_IMAGES = 20
CAPTION_MAX = 100


@audited
@transaction.atomic
def news_image_add(*, actor: Actor, item: NewsItem, upload, caption: str = "",
                   shows_students: bool = True) -> NewsImage:
    """Add a picture to a news item (its editors): a real JPEG, PNG or WebP, re-encoded without its metadata by the
    worker. Taken to show students unless the editor says otherwise."""
    if not can(actor, "edit_news", item):
        raise Http404
    errors: dict[str, object] = {}
    caption = clean_text(caption, CAPTION_MAX, "caption", errors)
    if item.images.count() >= MAX_IMAGES:
        errors["upload"] = _("A news item has at most %(n)d pictures.") % {"n": MAX_IMAGES}
    checked = None
    if not upload:
        errors.setdefault("upload", _("Choose the picture to upload."))
    elif "upload" not in errors:
        try:
            checked = check_image(upload)
        except ValidationError as exc:
            errors["upload"] = exc.messages
    if errors:
        raise ValidationError(errors)
    position = (item.images.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    image = NewsImage(item=item, caption=caption, shows_students=bool(shows_students), position=position,
                      uploaded_by=actor.user)
    image.image = checked.content  # type: ignore[union-attr]
    image.save()
    process_later(image, "image")
    return image


@audited
@transaction.atomic
def news_image_remove(*, actor: Actor, item: NewsItem, image_id: int) -> None:
    if not can(actor, "edit_news", item):
        raise Http404
    image = NewsImage.objects.filter(item=item, pk=image_id).first()
    if image is None:
        raise Http404
    name, storage = image.image.name, image.image.storage
    image.delete()
    transaction.on_commit(lambda: storage.delete(name))


@audited
@transaction.atomic
def publicity_settings_save(*, actor: Actor, news_public: bool, honours_public: bool) -> PublicitySettings:
    """The director's choice: whether the school's news page, and its honour walls, are public (no login)."""
    actor.require("news.settings")
    found, _created = PublicitySettings.objects.get_or_create(school=actor.school)
    found.news_public, found.honours_public = bool(news_public), bool(honours_public)
    found.updated_by, found.updated_at = actor.user, timezone.now()
    found.save()
    return found


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
