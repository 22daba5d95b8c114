"""What governance work an account holds, asked once per request in one query: whether it sits in the leading group
(领导小组: approves the charter and duties, alone sees accountability records), and whether it has a meeting
(invited, chairing, taking the minutes, owning an action item) or an open rectification item. The menu asks it on
every page, so it is one query whatever the school holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import connection

from xinhuo.core.models import CommitteeMember

from .models import ActionItem, Invitation, Meeting, Rectification, RectificationStatus

if TYPE_CHECKING:
    from xinhuo.core.access import Actor


def _held_sql() -> str:
    """The one query, written out once: the ORM took ~4 ms to compile its three EXISTS on every page."""
    t = {m.__name__: connection.ops.quote_name(m._meta.db_table)
         for m in (CommitteeMember, Meeting, Invitation, ActionItem, Rectification)}
    user = connection.ops.quote_name(get_user_model()._meta.db_table)
    # names from the models, quoted; every value is a parameter
    return (
        f"SELECT EXISTS(SELECT 1 FROM {t['CommitteeMember']} c JOIN {user} u ON u.id = c.user_id"  # noqa: S608
        f" WHERE c.school_id = %s AND c.in_leading_group AND c.user_id = %s AND u.is_active),"
        f" EXISTS(SELECT 1 FROM {t['Meeting']} m WHERE m.school_id = %s AND (m.chair_id = %s OR m.recorder_id = %s"
        f" OR m.id IN (SELECT i.meeting_id FROM {t['Invitation']} i WHERE i.user_id = %s)"
        f" OR m.id IN (SELECT a.meeting_id FROM {t['ActionItem']} a WHERE a.owner_id = %s))),"
        f" EXISTS(SELECT 1 FROM {t['Rectification']} r WHERE r.school_id = %s AND r.owner_id = %s"
        f" AND r.status IN (%s, %s))")


def held(actor: Actor) -> dict[str, bool]:
    cached = actor.__dict__.get("_governance_held")
    if cached is None:
        uid, school = actor.user.pk, actor.school.pk
        params: list[int | str] = [school, uid, school, uid, uid, uid, uid, school, uid,
                                   RectificationStatus.OPEN.value, RectificationStatus.SUBMITTED.value]
        with connection.cursor() as cursor:
            cursor.execute(_held_sql(), params)
            row = cursor.fetchone()
        cached = {k: bool(v) for k, v in zip(("leading", "meetings", "rectifications"), row, strict=True)}
        actor.__dict__["_governance_held"] = cached
    return cached


def in_leading_group(actor: Actor) -> bool:
    return held(actor)["leading"]
