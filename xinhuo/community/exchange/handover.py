"""The open work a leaving staff member holds in the exchange (issue 19; registry.Handover): the higher-level
committee's documents they own that are not done yet. Reassigned, each document's owner becomes the new staff
member's account (who is then told, like any new owner). The community manifest joins its parts' handovers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinhuo.core.access import roles_with
from xinhuo.core.registry import OpenItem
from xinhuo.people.staff.audit import keys_of, log_reassigned, require_holder

from .models import ExchangeEntry

PREFIX = "community.exchangeentry"
KIND = gettext_lazy("Document to handle")


def _open(school_id: int, user_id: int):
    return ExchangeEntry.objects.filter(school_id=school_id, owner_id=user_id, to_handle=True, done_at__isnull=True)


def items(school_id, staff_id, user_id) -> list[OpenItem]:
    if user_id is None:
        return []
    rows = _open(school_id, user_id).select_related("peer").order_by("due", "pk")
    return [OpenItem(f"{PREFIX}:{e.pk}", KIND, f"{e.peer.name} · {e.title}",
                     reverse("community:exchange-entry-detail", args=[e.pk])) for e in rows]


@transaction.atomic
def reassign(school_id, keys, to_staff_id, to_user_id, actor_user_id) -> int:
    ids = keys_of(keys, PREFIX)
    if not ids:
        return 0
    require_holder(school_id, to_user_id, roles_with("community.exchange.view"),
                   no_account=_("The new owner of a document to handle needs an account: link the staff member "
                                "to one first."),
                   cannot=_("The new owner of a document to handle must be a member of staff of this school."))
    rows = list(ExchangeEntry.objects.select_for_update().filter(pk__in=ids, school_id=school_id, to_handle=True,
                                                                  done_at__isnull=True))
    if len(rows) != len(set(ids)):
        raise ValidationError(_("A document to hand over is done, gone or of another school: reload the page."))
    old = {e.pk: e.owner_id for e in rows}
    ExchangeEntry.objects.filter(pk__in=[e.pk for e in rows]).update(owner_id=to_user_id)
    log_reassigned(rows, "owner", old, to_user_id, actor_user_id)
    return len(rows)
