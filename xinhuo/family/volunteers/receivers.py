"""Who hears of what among parent volunteers: the parents invited (or called), the organiser when someone
withdraws or the request is full. Through core.notifications.notify (inbox and the configured channels)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.models import User
from xinhuo.people import selectors as people_selectors

from .models import ResponseStatus, VolunteerOffer, VolunteerRequest, VolunteerResponse
from .selectors import audience_guardian_ids_q
from .signals import volunteer_answered, volunteer_withdrew, volunteers_called, volunteers_invited


def _when(request: VolunteerRequest) -> str:
    return timezone.localtime(request.starts_at).strftime("%Y-%m-%d %H:%M")


def _parents(school_id: int, guardian_ids) -> list[User]:
    """The accounts of these parents (a parent without an account has no inbox)."""
    return list(User.objects.filter(pk__in=people_selectors.guardians_of_school(school_id).filter(
        pk__in=list(guardian_ids), user__isnull=False).values("user_id")))


def _invitation(request: VolunteerRequest) -> tuple[str, str]:
    title = _("Volunteers wanted: %(activity)s") % {"activity": request.activity.title}
    body = _("%(duty)s, %(when)s, %(n)d volunteers needed. %(note)s Accept or decline on the page.") % {
        "duty": request.get_kind_display(), "when": _when(request), "n": request.needed, "note": request.note}
    return title, body


@receiver(volunteers_invited, sender=VolunteerRequest)
def tell_invited(sender, request: VolunteerRequest, guardian_ids, **kwargs) -> None:
    from xinhuo.core.notifications import notify

    title, body = _invitation(request)
    notify(request.activity.school, _parents(request.school_id, guardian_ids), title, body,
           reverse("family:volunteers-request", args=[request.pk]))


@receiver(volunteers_called, sender=VolunteerRequest)
def tell_called(sender, request: VolunteerRequest, **kwargs) -> None:
    from xinhuo.core.notifications import notify

    ids = (VolunteerOffer.objects.filter(school=request.school_id, active=True)
           .filter(audience_guardian_ids_q(request.activity)).values_list("guardian_id", flat=True))
    title, body = _invitation(request)
    notify(request.activity.school, _parents(request.school_id, ids), title, body,
           reverse("family:volunteers-request", args=[request.pk]))


def _organisers(request: VolunteerRequest) -> list[User]:
    return [request.created_by, request.activity.organiser]


@receiver(volunteer_withdrew, sender=VolunteerResponse)
def tell_withdrawn(sender, response: VolunteerResponse, request: VolunteerRequest, **kwargs) -> None:
    from xinhuo.core.notifications import notify

    notify(request.activity.school, _organisers(request),
           _("A volunteer withdrew: %(activity)s") % {"activity": request.activity.title},
           _("%(name)s can no longer come (%(duty)s, %(when)s): a place is free again.") % {
               "name": response.guardian.name, "duty": request.get_kind_display(), "when": _when(request)},
           reverse("family:volunteers-request", args=[request.pk]))


@receiver(volunteer_answered, sender=VolunteerResponse)
def tell_full(sender, response: VolunteerResponse, request: VolunteerRequest, **kwargs) -> None:
    """The organiser hears once the request has all the volunteers it needs."""
    from xinhuo.core.notifications import notify

    if response.status != ResponseStatus.ACCEPTED:
        return
    if VolunteerResponse.objects.filter(request=request, status=ResponseStatus.ACCEPTED).count() != request.needed:
        return
    notify(request.activity.school, _organisers(request),
           _("All volunteers found: %(activity)s") % {"activity": request.activity.title},
           _("%(n)d parents accepted (%(duty)s, %(when)s).") % {"n": request.needed, "duty": request.get_kind_display(),
                                                               "when": _when(request)},
           reverse("family:volunteers-request", args=[request.pk]))
