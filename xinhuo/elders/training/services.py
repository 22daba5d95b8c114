"""Writes of training and study (ELD-3): sessions with their files, and who attended."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import uploads
from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.validators import same_school

from ..common import add_error, clean_text, committee_only, delete_files
from ..models import Elder, ElderRole, TrainingAttendance, TrainingMaterial, TrainingSession
from ..rules import can

TRAINING_MAX_FILES = 10


def _training_clean(actor: Actor, *, kind: str, topic: str, role: str, date: dt.date | None, place: str,
                    speaker: str, hours, materials: str, files) -> tuple[dict, list]:
    errors: dict[str, list[str]] = {}
    if kind not in TrainingSession.Kind.values:
        add_error(errors, "kind", _("Choose the kind of session."))
    role = role or ""
    if role and role not in ElderRole.values:
        add_error(errors, "role", _("Choose one of the elders' roles."))
    elif kind == TrainingSession.Kind.INDUCTION and not role:
        add_error(errors, "role", _("An induction prepares for a role: choose it."))
    values: dict = {
        "kind": kind, "role": role,
        "topic": clean_text(errors, TrainingSession, "topic", topic, required=_("Give the topic.")),
        "place": clean_text(errors, TrainingSession, "place", place),
        "speaker": clean_text(errors, TrainingSession, "speaker", speaker),
        "materials": clean_text(errors, TrainingSession, "materials", materials),  # refused when too long, not cut
        "date": date,
    }
    if date is None:
        add_error(errors, "date", _("Give the date of the session."))
    try:
        values["hours"] = Decimal(str(hours)).quantize(Decimal("0.1"))
        if not Decimal("0.5") <= values["hours"] <= Decimal("100"):
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        add_error(errors, "hours", _("Hours: a number from 0.5 to 100."))
    checked: list[uploads.CheckedFile] = []
    files = [f for f in files if f]
    if len(files) > TRAINING_MAX_FILES:
        add_error(errors, "files", _("At most %(n)d files at a time.") % {"n": TRAINING_MAX_FILES})
    else:
        for f in files:
            try:
                checked.append(uploads.check_file(f))
            except ValidationError as exc:
                errors.setdefault("files", []).extend(exc.messages)
    return {"values": values, "errors": errors}, checked


def _training_attach(session: TrainingSession, checked: list, saved: list[str]) -> None:
    for c in checked:
        material = TrainingMaterial(session=session, title=c.original_name[:100])
        material.file.save(c.content.name, c.content, save=False)
        saved.append(material.file.name)
        material.save()
        uploads.process_later(material, "file")  # a picture is finished by the task worker


def _training_write(actor: Actor, session: TrainingSession | None, fields: dict) -> TrainingSession:
    cleaned, checked = _training_clean(actor, **fields)
    errors, values = cleaned["errors"], cleaned["values"]
    if (session is not None and not errors and values["date"] > timezone.localdate()
            and session.attendance.filter(present=True).exists()):
        add_error(errors, "date", _("Elders are already marked present at this session: it cannot move to a "
                                      "day after today."))
    if errors:
        raise ValidationError(errors)
    saved: list[str] = []
    storage = TrainingMaterial._meta.get_field("file").storage  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            if session is None:
                session = TrainingSession.objects.create(school=actor.school, **values)
            else:
                session = TrainingSession.objects.select_for_update().get(pk=session.pk)
                for k, v in values.items():
                    setattr(session, k, v)
                session.save()
            _training_attach(session, checked, saved)
    except BaseException:
        delete_files(saved, storage)
        raise
    return session


@audited
def training_session_create(*, actor: Actor, kind: str, topic: str, date: dt.date | None, role: str = "",
                            place: str = "", speaker: str = "", hours=Decimal("2"), materials: str = "",
                            files: Iterable = ()) -> TrainingSession:
    """A study, induction, rotation or external training session, with its uploaded materials."""
    actor.require("training.view")
    committee_only(actor)
    return _training_write(actor, None, {"kind": kind, "topic": topic, "role": role, "date": date, "place": place,
                                         "speaker": speaker, "hours": hours, "materials": materials,
                                         "files": list(files)})


@audited
def training_session_update(*, actor: Actor, session: TrainingSession, kind: str, topic: str,
                            date: dt.date | None, role: str = "", place: str = "", speaker: str = "",
                            hours=Decimal("2"), materials: str = "", files: Iterable = ()
                            ) -> TrainingSession:
    """Change a session; new files are added to its materials."""
    same_school(actor, session)
    if not can(actor, "manage_training", session):
        raise Http404
    return _training_write(actor, session, {"kind": kind, "topic": topic, "role": role, "date": date,
                                            "place": place, "speaker": speaker, "hours": hours,
                                            "materials": materials, "files": list(files)})


@audited
def training_file_remove(*, actor: Actor, material: TrainingMaterial) -> None:
    session = material.session
    same_school(actor, session)
    if not can(actor, "manage_training", session):
        raise Http404
    name, storage = material.file.name, material.file.storage
    with transaction.atomic():
        material.delete()
        transaction.on_commit(lambda: delete_files([name], storage))


@audited
def training_attendance_set(*, actor: Actor, session: TrainingSession, present: Iterable[int],
                            absent: Iterable[int] = ()) -> dict[str, int]:
    """The session's list: elders in `present` attended, those in `absent` were expected but did not
    come (before the session: are invited); every other elder is taken off the list."""
    same_school(actor, session)
    if not can(actor, "manage_training", session):
        raise Http404
    present_ids, absent_ids = {int(p) for p in present}, {int(a) for a in absent}
    errors: list[str] = []
    if present_ids & absent_ids:
        errors.append(_("An elder cannot be both present and absent."))
    wanted = present_ids | absent_ids
    known = set(Elder.objects.filter(school=actor.school, pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        errors.append(_("Some of the chosen elders are not in this school's team."))
    if present_ids and session.date > timezone.localdate():
        errors.append(_("The session is on %(date)s: elders can be marked present from that day on. Until "
                          "then, tick who is invited.") % {"date": session.date.isoformat()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = {a.elder_id: a for a in TrainingAttendance.objects.select_for_update().filter(session=session)}
        removed = [a.pk for elder_id, a in rows.items() if elder_id not in wanted]
        TrainingAttendance.objects.filter(pk__in=removed).delete()
        changed = [a for elder_id, a in rows.items() if elder_id in wanted and a.present != (elder_id in present_ids)]
        for a in changed:
            a.present = a.elder_id in present_ids
        TrainingAttendance.objects.bulk_update(changed, ["present"])
        TrainingAttendance.objects.bulk_create([
            TrainingAttendance(session=session, elder_id=e, present=e in present_ids)
            for e in sorted(wanted - rows.keys())])
    return {"present": len(present_ids), "absent": len(absent_ids), "removed": len(removed)}
