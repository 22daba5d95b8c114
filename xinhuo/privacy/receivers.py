"""Notices of the requests' steps: a new request to the director(s), an answer to whoever filed it."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from xinhuo.core.models import Role
from xinhuo.core.notifications import notify
from xinhuo.core.services import recipients_for_roles

from .models import PrivacyRequest, RequestStatus
from .signals import request_changed


@receiver(request_changed, sender=PrivacyRequest)
def tell(sender, request: PrivacyRequest, step, actor, **kwargs) -> None:
    link = reverse("privacy:request-detail", args=[request.pk])
    if step.to_status == RequestStatus.OPEN:
        notify(request.school, recipients_for_roles(request.school, [Role.DIRECTOR]),
               _("A personal data request: %(kind)s") % {"kind": request.get_kind_display()},
               _("Answer it by %(day)s.") % {"day": request.due_on}, link, exclude=actor.user)
    elif request.filed_by is not None:
        notify(request.school, [request.filed_by],
               _("Your personal data request was answered") if step.to_status == RequestStatus.DONE
               else _("Your personal data request was refused"), step.comment, link, exclude=actor.user)
