"""The open work a leaving staff member holds in the clubs (issue 19; registry.Handover): the clubs they advise
that are asked for, returned for changes or active. Reassigned, the club's teacher advisor becomes the new staff
member's account (who must be one who may advise a club)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import roles_with
from xinhuo.core.registry import OpenItem
from xinhuo.people.staff.audit import keys_of, log_reassigned, require_holder

from .models import LIVE_STATUSES, Club

PREFIX = "clubs.club"
KIND = gettext_lazy("Club advised")


def items(school_id, staff_id, user_id) -> list[OpenItem]:
    if user_id is None:
        return []
    rows = Club.objects.filter(school_id=school_id, advisor_user_id=user_id, status__in=LIVE_STATUSES)
    return [OpenItem(f"{PREFIX}:{c.pk}", KIND, f"{c.name} ({c.get_status_display()})",
                     reverse("clubs:detail", args=[c.pk])) for c in rows.order_by("name", "pk")]


@transaction.atomic
def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    ids = keys_of(keys, PREFIX)
    if not ids:
        return 0
    require_holder(school_id, to_user_id, roles_with("clubs.advise"),
                   no_account=_("A club's new advisor needs an account: link the staff member to one first."),
                   cannot=_("The new advisor cannot advise a club: choose a teacher of this school."))
    clubs = list(Club.objects.select_for_update().filter(pk__in=ids, school_id=school_id, status__in=LIVE_STATUSES,
                                                         advisor_user__isnull=False))
    if len(clubs) != len(set(ids)):
        raise ValidationError(_("A club to hand over is closed or of another school: reload the page."))
    old = {c.pk: c.advisor_user_id for c in clubs}
    Club.objects.filter(pk__in=[c.pk for c in clubs]).update(advisor_user_id=to_user_id)
    log_reassigned(clubs, "advisor_user", old, to_user_id, actor_user_id)
    return len(clubs)
