"""The open work a leaving staff member holds in the activities (issue 19; registry.Handover): the activities they
organise that are not yet held (applied, returned for changes or approved). Reassigned, the organiser becomes the
new staff member's account (who must be one who may apply for an activity)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import roles_with
from xinhuo.core.registry import OpenItem
from xinhuo.people.staff.audit import keys_of, log_reassigned, require_holder

from .models import Activity, ActivityStatus

PREFIX = "activities.activity"
KIND = gettext_lazy("Activity organised")
NOT_HELD = (ActivityStatus.APPLIED, ActivityStatus.RETURNED, ActivityStatus.APPROVED)


def items(school_id, staff_id, user_id) -> list[OpenItem]:
    if user_id is None:
        return []
    rows = Activity.objects.filter(school_id=school_id, organiser_id=user_id, status__in=NOT_HELD)
    return [OpenItem(f"{PREFIX}:{a.pk}", KIND,
                     f"{a.title} · {timezone.localtime(a.starts_at).date().isoformat()} ({a.get_status_display()})",
                     reverse("activities:detail", args=[a.pk]))
            for a in rows.only("pk", "title", "starts_at", "status").order_by("starts_at", "pk")]


@transaction.atomic
def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    ids = keys_of(keys, PREFIX)
    if not ids:
        return 0
    require_holder(school_id, to_user_id, roles_with("activities.apply"),
                   no_account=_("An activity's new organiser needs an account: link the staff member to one first."),
                   cannot=_("The new organiser cannot organise activities: choose a teacher of this school."))
    rows = list(Activity.objects.select_for_update().filter(pk__in=ids, school_id=school_id, status__in=NOT_HELD)
                .only("pk", "title", "starts_at", "organiser_id"))
    if len(rows) != len(set(ids)):
        raise ValidationError(_("An activity to hand over has been held or is of another school: reload the page."))
    old = {a.pk: a.organiser_id for a in rows}
    Activity.objects.filter(pk__in=[a.pk for a in rows]).update(organiser_id=to_user_id)
    log_reassigned(rows, "organiser", old, to_user_id, actor_user_id, repr_of=lambda a: a.title)
    return len(rows)
