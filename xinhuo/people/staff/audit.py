"""The change-history entries of a handover (issue 19): the items a leaving staff member held are moved in one
UPDATE per app, which sends no signals, so their django-auditlog entries are written here, in one INSERT, as
auditlog itself would have written them (the field's old and new value), naming the acting user."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def log_reassigned(objs: Iterable, field: str, old_values: Mapping[int, object], new_value: object,
                   actor_user_id: int | None, *, note: str = "staff_handover", repr_of=str) -> None:
    """One UPDATE entry per object: `field` went from old_values[obj.pk] to `new_value`. `repr_of`: the text
    naming an object in the history (not its str when that is sensitive text)."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    now, cid = timezone.now(), get_cid()
    rows = []
    for obj in objs:
        rows.append(LogEntry(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
            object_repr=repr_of(obj)[:200], action=LogEntry.Action.UPDATE,
            changes={field: [str(old_values.get(obj.pk)), str(new_value)]}, actor_id=actor_user_id, cid=cid,
            additional_data={"source": note}, timestamp=now,
        ))
    LogEntry.objects.bulk_create(rows)


def keys_of(keys: Iterable[str], prefix: str) -> list[int]:
    """The ids of the keys "<prefix>:<pk>" among `keys` (another app's keys, or a malformed one, are skipped)."""
    out = []
    for key in keys:
        head, _sep, tail = str(key).partition(":")
        if head == prefix and tail.isascii() and tail.isdigit() and 0 < len(tail) <= 18:
            out.append(int(tail))
    return out


def require_holder(school_id: int, to_user_id: int | None, roles, *, no_account: str, cannot: str) -> None:
    """The check every app's reassign makes of the new holder: an account (`no_account` otherwise), active, with one
    of `roles` in the school (`cannot` otherwise). The messages are the app's, naming what it hands over."""
    from django.core.exceptions import ValidationError

    from xinhuo.core.models import Membership

    if to_user_id is None:
        raise ValidationError(no_account)
    if not Membership.objects.filter(school_id=school_id, user_id=to_user_id, role__in=roles,
                                     user__is_active=True).exists():
        raise ValidationError(cannot)


def log_created(objs: Iterable, fields: Iterable[str], actor_user_id: int | None, *, note: str = "staff_handover",
                repr_of=str) -> None:
    """One CREATE entry per object written by bulk_create, with the values of `fields` (ids for foreign keys)."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    now, cid, names = timezone.now(), get_cid(), list(fields)
    rows = []
    for obj in objs:
        changes = {}
        for name in names:
            f = obj._meta.get_field(name)
            changes[name] = ["None", str(getattr(obj, f.attname))]
        rows.append(LogEntry(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
            object_repr=repr_of(obj)[:200], action=LogEntry.Action.CREATE, changes=changes, actor_id=actor_user_id,
            cid=cid, additional_data={"source": note}, timestamp=now,
        ))
    LogEntry.objects.bulk_create(rows)


def log_update(obj, changes: dict, actor_user_id: int | None, *, extra: dict | None = None) -> None:
    """One UPDATE entry for a row changed with .update(): its changes as [old, new] strings, and `extra` (a leave's
    reason) in the entry's additional data."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
        object_repr=str(obj)[:200], action=LogEntry.Action.UPDATE, changes=changes, actor_id=actor_user_id,
        cid=get_cid(), additional_data=extra or None, timestamp=timezone.now(),
    )
