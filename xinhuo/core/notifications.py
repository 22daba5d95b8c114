"""Delivery channels beyond the in-app inbox.

The inbox row is the notification; a channel only tries to reach the person elsewhere
and records the outcome in NotificationDelivery. E-mail ships here; SMS or WeChat
senders are plugged in by listing a Channel subclass in XINHUO_NOTIFICATION_CHANNELS.
There is deliberately no fake sender: an unconfigured channel delivers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Membership, Notification, NotificationDelivery, School, User
from .services import notification_send

Status = NotificationDelivery.Status


class Channel:
    name = "base"

    def send(self, notification: Notification) -> tuple[str, str]:
        """Deliver one notification; return (status, detail). Must not raise for a bad address."""
        raise NotImplementedError


class EmailChannel(Channel):
    name = "email"

    def send(self, notification: Notification) -> tuple[str, str]:
        address = notification.recipient.email
        if not address:
            return Status.SKIPPED, "no e-mail address"
        body = notification.body
        if notification.link:
            body = f"{body}\n\n{notification.link}"
        send_mail(notification.title, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        return Status.SENT, address


def configured_channels() -> list[Channel]:
    return [EmailChannel()] + [import_string(path)() for path in settings.XINHUO_NOTIFICATION_CHANNELS]


def deliver(notification: Notification, channels: list[Channel] | None = None) -> list[NotificationDelivery]:
    out = []
    for channel in channels if channels is not None else configured_channels():
        try:
            status, detail = channel.send(notification)
        except Exception as exc:  # noqa: BLE001 - one channel's failure must not stop the others
            status, detail = Status.FAILED, f"{type(exc).__name__}: {exc}"[:300]
        out.append(
            NotificationDelivery.objects.create(
                notification=notification, channel=channel.name, status=status, detail=detail[:300]
            )
        )
    return out


def notify(school: School, users: Iterable[User | None], title: str, body: str = "", link: str = "",
           exclude: User | None = None) -> None:
    """A system notice to those of `users` with an active account in the school but `exclude` (others have no
    inbox here); nobody left means no notice. What the apps' receivers send when their services' signals fire."""
    wanted = {u.pk: u for u in users if u is not None and u.is_active and (exclude is None or u.pk != exclude.pk)}
    if not wanted:
        return
    members = set(Membership.objects.filter(school=school, user_id__in=wanted).values_list("user_id", flat=True))
    recipients = [u for pk, u in wanted.items() if pk in members]
    if recipients:
        notification_send(actor=None, school=school, recipients=recipients, title=title[:100], body=body[:2000],
                          link=link, check_permission=False)
