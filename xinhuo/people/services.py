"""Writes for people. Revealing a sensitive field is logged like a write."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.audit import acting, audited
from xinhuo.core.services import access_log_record
from xinhuo.core.validators import same_school

from . import consent as consent_rules
from .models import Consent, ConsentNotice, ConsentPurpose, Student, StudentGuardian
from .rules import can, can_reveal
from .signals import consent_changed, consent_notice_published


def sensitive_reveal(*, actor: Actor, obj, field: str, request=None) -> str:
    """Return the full value of a masked field and log who saw it; 404 when not allowed."""
    if not can_reveal(actor, obj, field):
        raise Http404
    access_log_record(
        actor, "reveal", obj._meta.model_name, obj.pk, field=field, request=request,
        detail={"name": str(obj)},
    )
    return getattr(obj, field) or ""


# --- consent register -------------------------------------------------------------------------
# Each service checks permission and validates everything before it writes; a refusal raises a
# ValidationError with a message for the user and leaves the database as it was. Writes carry the
# acting user into the audit log and fire consent_changed.

RECORDED_METHODS = (Consent.Method.IN_PERSON, Consent.Method.PAPER)
NOTICE_MAX_DAYS_AHEAD = 366


def _check_purpose(purpose: str) -> None:
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose one of the consent purposes.")})


def _check_consent_school(actor: Actor, student: Student) -> None:
    same_school(actor, student, message=_("This student belongs to another school."))


def _notice_for(actor: Actor, purpose: str, day: dt.date) -> ConsentNotice:
    """The notice in effect on `day`; without one there is no text to agree to, so nobody can consent."""
    notice = consent_rules.notice_in_effect(actor.school, purpose, day)
    if notice is not None:
        return notice
    label = ConsentPurpose(purpose).label
    first = ConsentNotice.objects.filter(school=actor.school, purpose=purpose).order_by("version").first()
    if first is None:
        raise ValidationError(_("No notice has been published for “%(purpose)s”: a guardian must have a text to "
                                "agree to. Ask the committee to publish one first.") % {"purpose": label})
    raise ValidationError(_("No notice for “%(purpose)s” was in effect on %(date)s: the first version takes effect "
                            "on %(first)s.") % {"purpose": label, "date": day.isoformat(),
                                                "first": first.effective_from.isoformat()})


def _consent_who(student: Student, party: str, guardian) -> str:
    return student.name if party == Consent.Party.STUDENT else guardian.name


def _consent_save(
    *, actor: Actor, student: Student, purpose: str, party: str, guardian, notice: ConsentNotice, method: str,
    given_at: dt.datetime, note: str, action: str,
) -> Consent:
    """Write one consent. An active consent of the same party to the same (or a newer) notice is a
    duplicate and refused; one to an older notice is renewed: it ends now and the new one replaces it."""
    active = (
        Consent.objects.select_for_update(of=("self",))  # only the consent: its notice join is an outer one
        .filter(student=student, purpose=purpose, party=party, guardian=guardian, withdrawn_at__isnull=True)
        .select_related("notice")
        .first()
    )
    if active is not None and active.notice is not None and active.notice.version >= notice.version:
        raise ValidationError(
            _("%(who)s has already consented to this (version %(version)d of the notice, %(date)s); withdraw that "
              "consent first if it must be recorded again.")
            % {"who": _consent_who(student, party, guardian), "version": active.notice.version,
               "date": timezone.localtime(active.given_at).date().isoformat()}
        )
    with acting(actor.user):
        if active is not None:
            active.withdrawn_at = timezone.now()
            active.withdrawn_by = actor.user
            active.save(update_fields=["withdrawn_at", "withdrawn_by"])
        try:
            with transaction.atomic():
                consent = Consent.objects.create(
                    school=actor.school, student=student, purpose=purpose, party=party, guardian=guardian,
                    notice=notice, method=method, given_at=given_at, recorded_by=actor.user, note=note,
                )
        except IntegrityError:  # another request recorded the same consent a moment ago
            raise ValidationError(_("This consent has just been recorded by someone else.")) from None
    consent_changed.send(sender=Consent, consent=consent, action=action, actor=actor, replaced=active)
    return consent


@transaction.atomic
def consent_notice_publish(
    *, actor: Actor, purpose: str, title: str, body: str, effective_from: dt.date | None = None
) -> ConsentNotice:
    """A new version of the notice for `purpose`. From its date, consents to earlier versions no longer count."""
    actor.require("consent.notices.manage")
    _check_purpose(purpose)
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("A title is required.")
    elif len(title) > 100:
        errors["title"] = _("The title can have at most 100 characters.")
    if not body:
        errors["body"] = _("The text is required: it is what guardians and students agree to.")
    elif len(body) > 5000:
        errors["body"] = _("The text can have at most 5000 characters.")
    today = timezone.localdate()
    effective_from = effective_from or today
    latest = (
        ConsentNotice.objects.select_for_update().filter(school=actor.school, purpose=purpose)
        .order_by("-version").first()
    )
    if effective_from > today + dt.timedelta(days=NOTICE_MAX_DAYS_AHEAD):
        errors["effective_from"] = _("The date is more than a year ahead; check it.")
    elif latest is not None and effective_from < today:
        errors["effective_from"] = _("A new version cannot take effect in the past: consents given since then were "
                                     "given to the old text.")
    elif latest is not None and effective_from < latest.effective_from:
        errors["effective_from"] = _("Version %(version)d takes effect on %(date)s; a newer version cannot take "
                                     "effect before it.") % {"version": latest.version,
                                                             "date": latest.effective_from.isoformat()}
    if errors:
        raise ValidationError(errors)
    with acting(actor.user):
        notice = ConsentNotice.objects.create(
            school=actor.school, purpose=purpose, version=latest.version + 1 if latest else 1, title=title,
            body=body, effective_from=effective_from,
        )
    consent_notice_published.send(sender=ConsentNotice, notice=notice, actor=actor)
    return notice


@audited
@transaction.atomic
def consent_record(
    *, actor: Actor, student: Student, purpose: str, method: str, date: dt.date, party: str = Consent.Party.GUARDIAN,
    guardian=None, note: str = "",
) -> Consent:
    """A consent given on paper or in person, written down by a head teacher (own classes) or an
    administrator or director. It is a consent to the notice in effect on the day it was given."""
    actor.require("consent.record")
    _check_consent_school(actor, student)
    if not can(actor, "record_consent", student):
        raise ValidationError(_("You can record consents only for the students of your own classes."))
    _check_purpose(purpose)
    if method not in RECORDED_METHODS:
        raise ValidationError({"method": _("A recorded consent was given in person or on paper; online consent is "
                                           "given by the guardian or the student in their own account.")})
    today = timezone.localdate()
    if date is None:
        raise ValidationError({"date": _("Enter the date the consent was given.")})
    if date > today:
        raise ValidationError({"date": _("The date cannot be in the future.")})
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": _("The note can have at most 200 characters.")})
    if party == Consent.Party.GUARDIAN:
        if guardian is None:
            raise ValidationError({"guardian": _("Choose the guardian who gave the consent.")})
        if not StudentGuardian.objects.filter(student=student, guardian=guardian).exists():
            raise ValidationError({"guardian": _("%(guardian)s is not a guardian of %(student)s.")
                                   % {"guardian": guardian.name, "student": student.name}})
    elif party == Consent.Party.STUDENT:
        guardian = None
        req = consent_rules.requirement(student.birth_date, date)
        if not req.student:
            raise ValidationError(_("%(student)s was under 14 on %(date)s: a child under 14 does not give consent "
                                    "of their own; record a guardian's consent.")
                                  % {"student": student.name, "date": date.isoformat()})
    else:
        raise ValidationError({"guardian": _("Choose who gave the consent.")})
    notice = _notice_for(actor, purpose, date)
    given_at = timezone.now() if date == today else timezone.make_aware(dt.datetime.combine(date, dt.time(12)))
    return _consent_save(actor=actor, student=student, purpose=purpose, party=party, guardian=guardian,
                         notice=notice, method=method, given_at=given_at, note=note, action="recorded")


@audited
@transaction.atomic
def consent_give(
    *, actor: Actor, student: Student, purpose: str, notice: ConsentNotice | None, party: str | None = None
) -> Consent:
    """Online consent in the giver's own account: a guardian for their own child, a student of 14 or more for
    themself. `notice` is the version the giver read; if a newer one took effect meanwhile, it is refused."""
    actor.require("consent.give")
    _check_consent_school(actor, student)
    _check_purpose(purpose)
    if party is None:
        party = Consent.Party.STUDENT if actor.student_id == student.pk else Consent.Party.GUARDIAN
    guardian = None
    today = timezone.localdate()
    if party == Consent.Party.GUARDIAN:
        if actor.guardian_id is None or student.pk not in actor.child_ids:
            raise ValidationError(_("You are not a guardian of this student: only the student's own guardians can "
                                    "consent for them."))
        guardian = StudentGuardian.objects.select_related("guardian").get(
            student=student, guardian_id=actor.guardian_id).guardian
    elif party == Consent.Party.STUDENT:
        if actor.student_id != student.pk:
            raise ValidationError(_("A student can give consent only for themself."))
        if not consent_rules.requirement(student.birth_date, today).student:
            raise ValidationError(_("Under 14, a student does not give consent of their own: a guardian's consent "
                                    "is needed."))
    else:
        raise ValidationError(_("Choose who gives the consent."))
    current = _notice_for(actor, purpose, today)
    if notice is None or notice.pk != current.pk:
        raise ValidationError(_("The notice has changed since you opened it: please read version %(version)d and "
                                "agree to that.") % {"version": current.version})
    return _consent_save(actor=actor, student=student, purpose=purpose, party=party, guardian=guardian,
                         notice=current, method=Consent.Method.ONLINE, given_at=timezone.now(), note="",
                         action="given")


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent) -> Consent:
    """End a consent now: by whoever gave it (in their own account), or by a recorder writing down a
    withdrawal made on paper or in person. The row is kept for the record."""
    same_school(actor, consent, message=_("This consent belongs to another school."))
    consent = Consent.objects.select_for_update(of=("self",)).select_related("student").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if not can(actor, "withdraw_consent", consent):
        raise ValidationError(_("Only the person who gave this consent, or a head teacher or administrator writing "
                                "down a withdrawal, can withdraw it."))
    with acting(actor.user):
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor.user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    consent_changed.send(sender=Consent, consent=consent, action="withdrawn", actor=actor, replaced=None)
    return consent


# --- roster import and export (ORG-4) ---------------------------------------------------------
# The workbook's format, reading and validation are in roster.py. These services check permission,
# hold the one transaction of an import, write in bulk with the audit entries beside the rows, and
# log every export. actor=None is the command line's system path: no user, an explicit school.

ROSTER_INLINE_ROWS = 500  # larger imports run as a background task with a progress bar
ROSTER_CHUNK = 500


def _roster_scope(actor: Actor | None, school=None):
    from xinhuo.core.models import Role

    from .roster import Scope

    if actor is None:
        if school is None:
            raise ValueError("an import without a user needs the school")
        return Scope(school=school, user=None, class_ids=None, may_create_classes=True, detailed=True)
    actor.require("roster.import")
    whole_school = actor.has_role(Role.ADMIN, Role.DIRECTOR)
    return Scope(school=actor.school, user=actor.user, class_ids=None if whole_school else actor.class_ids,
                 may_create_classes=actor.can("structure.manage"), detailed=actor.school_wide)


def _roster_report(parsed, scope):
    from .roster import Report, plan_import

    report = Report(rows=len(parsed.rows), errors=list(parsed.errors))
    whole_file = any(e.row is None for e in parsed.errors)  # not a workbook, empty, too big: no rows to check
    if parsed.layout is not None and parsed.rows and not whole_file:
        report.plan, errors = plan_import(parsed, scope)
        report.errors += errors
    report.errors.sort(key=lambda e: e.row or 0)  # stable: a row's problems stay in column order
    return report


def roster_validate(*, actor: Actor | None, path_or_file, school=None, progress=None):
    """Check a roster workbook and plan the import without writing anything; returns a roster.Report."""
    from .roster import read_workbook

    scope = _roster_scope(actor, school)
    return _roster_report(read_workbook(path_or_file, progress), scope)


@audited
def roster_import(*, actor: Actor | None, path_or_file, school=None, progress=None, request=None,
                  source: str = ""):
    """Import a roster workbook all or nothing: with any error roster.RosterInvalid is raised (it carries
    the report) and nothing is written. Rows equal to the database change nothing; changed rows update
    with audit entries. `progress(phase, done, total)` is called while reading and while writing."""
    from django.db import transaction

    from .roster import RosterInvalid, read_workbook

    scope = _roster_scope(actor, school)
    parsed = read_workbook(path_or_file, progress)
    if parsed.errors:
        raise RosterInvalid(_roster_report(parsed, scope))
    with transaction.atomic():
        # planned inside the transaction, against the data as it is now (not as it was at the preview)
        report = _roster_report(parsed, scope)
        if not report.ok:
            raise RosterInvalid(report)
        _roster_apply(report.plan, scope, actor, progress=progress, request=request, source=source)
    return report


class _AuditBatch:
    """django-auditlog entries for rows written in bulk (bulk_create and bulk_update send no signals):
    the same diff and masking as auditlog's own receivers, written in bulk too."""

    def __init__(self, user, ip: str | None, source: str):
        from auditlog.cid import get_cid

        self.user = user
        self.ip = ip
        self.cid = get_cid()
        self.extra = {"source": "roster_import", "import": source} if source else {"source": "roster_import"}
        self.rows: list = []
        self._fields: dict = {}

    def _add(self, obj, action: int, changes: dict | None, text: str | None = None) -> None:
        from auditlog.models import LogEntry
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        self.rows.append(LogEntry(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), object_id=obj.pk,
            object_repr=str(obj) if text is None else text, action=action, changes=changes, actor=self.user,
            actor_email=getattr(self.user, "email", None) or None, remote_addr=self.ip, cid=self.cid,
            additional_data=self.extra, timestamp=timezone.now(),
        ))

    def _create_fields(self, model) -> tuple:
        """The fields auditlog's model_instance_diff compares for the model, and its masking."""
        if model not in self._fields:
            from auditlog.diff import get_fields_in_model, get_mask_function
            from auditlog.registry import auditlog

            options = auditlog.get_model_fields(model)
            fields = get_fields_in_model(model())
            if options["include_fields"]:
                fields = [f for f in fields if f.name in options["include_fields"]]
            fields = [f for f in fields if f.name not in options["exclude_fields"]]
            self._fields[model] = (fields, set(options["mask_fields"]),
                                   get_mask_function(options.get("mask_callable")))
        return self._fields[model]

    def created(self, objs, texts: list[str] | None = None) -> None:
        """What model_instance_diff(None, obj) gives (every old value is the string 'None'), without
        computing the missing old object's values field by field (test_roster_import checks they agree)."""
        from auditlog.diff import get_field_value
        from auditlog.models import LogEntry
        from django.utils.encoding import smart_str

        for i, obj in enumerate(objs):
            fields, masked, mask = self._create_fields(type(obj))
            diff = {}
            for f in fields:
                new = get_field_value(obj, f)
                if new != "None":
                    new = smart_str(new)
                    diff[f.name] = (mask("None"), mask(new)) if f.name in masked else ("None", new)
            self._add(obj, LogEntry.Action.CREATE, diff or None, texts[i] if texts else None)

    def updated(self, old, new, text: str | None = None) -> None:
        from auditlog.diff import model_instance_diff
        from auditlog.models import LogEntry

        changes = model_instance_diff(old, new)
        if changes:
            self._add(new, LogEntry.Action.UPDATE, changes, text)

    def flush(self) -> None:
        from auditlog.models import LogEntry

        LogEntry.objects.bulk_create(self.rows, batch_size=1000)
        self.rows = []


def _chunks(items: list, size: int = ROSTER_CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _roster_apply(plan, scope, actor: Actor | None, *, progress, request, source: str) -> None:
    import copy

    from auditlog.context import set_actor as auditlog_actor

    from xinhuo.core import services as core_services
    from xinhuo.core.models import Grade, SchoolClass

    from .models import Guardian as GuardianModel
    from .models import Student as StudentModel
    from .models import StudentGuardian as LinkModel

    total = (len(plan.new_students) + len(plan.updates) + len(plan.new_guardians) + len(plan.guardian_updates)
             + len(plan.new_links) + len(plan.link_updates)) or 1
    done = 0
    audit = _AuditBatch(scope.user, core_services.client_ip(request), source)

    def step(n: int) -> None:
        nonlocal done
        done += n
        audit.flush()
        if progress:
            progress("write", done, total)

    if progress:
        progress("write", 0, total)
    with auditlog_actor(scope.user, remote_addr=audit.ip):
        # grades and classes first (only users with structure.manage get this far with any)
        grades = {g.level: g for g in Grade.objects.filter(school=scope.school)}
        for level, name in sorted(plan.grades.items()):
            grades[level] = (core_services.grade_create(actor=actor, name=name, level=level) if actor
                             else Grade.objects.create(school=scope.school, name=name, level=level))
        new_classes: dict[tuple[int, int], int] = {}
        for (level, number), name in sorted(plan.classes.items()):
            grade = grades[level]
            made = (core_services.class_create(actor=actor, grade=grade, number=number, name=name) if actor
                    else SchoolClass.objects.create(school=scope.school, grade=grade, number=number, name=name))
            new_classes[(level, number)] = made.pk

        def class_id(ref) -> int:
            return ref if isinstance(ref, int) else new_classes[ref]

        students = []
        for item in plan.new_students:
            r = item.row
            s = StudentModel(
                school=scope.school, school_class_id=class_id(item.class_ref), student_no=r.student_no, name=r.name,
                gender=r.gender, birth_date=r.birth_date, id_card=r.id_card or None,
                enrolment_date=r.enrolment_date, address=r.address or None,
            )
            s.fill_keys()
            students.append(s)
        for chunk in _chunks(students):
            StudentModel.objects.bulk_create(chunk)
            audit.created(chunk)
            step(len(chunk))
        student_ids = {s.student_no: s.pk for s in students}

        changed: list = []
        fields = {"name_pinyin", "name_initials", "id_card_index"}
        for student, changes in plan.updates:
            old = copy.copy(student)
            for name, value in changes.items():
                if name == "school_class":
                    student.school_class_id = class_id(value)
                else:
                    setattr(student, name, value)
            student.fill_keys()
            audit.updated(old, student)
            fields |= changes.keys()
            changed.append(student)
        for chunk in _chunks(changed):
            StudentModel.objects.bulk_update(chunk, sorted(fields))
            step(len(chunk))

        guardians = {}
        for key, (name, phone) in plan.new_guardians.items():
            g = GuardianModel(school=scope.school, name=name, phone=phone or None)
            g.fill_keys()
            guardians[key] = g
        for chunk in _chunks(list(guardians.values())):
            GuardianModel.objects.bulk_create(chunk)
            audit.created(chunk)
            step(len(chunk))
        guardian_ids = {key: g.pk for key, g in guardians.items()}
        renumbered = []
        for guardian, phone in plan.guardian_updates.values():
            old = copy.copy(guardian)
            guardian.phone = phone
            guardian.fill_keys()
            audit.updated(old, guardian)
            renumbered.append(guardian)
        for chunk in _chunks(renumbered):
            GuardianModel.objects.bulk_update(chunk, ["phone", "phone_index"])
            step(len(chunk))

        relation_label = {value: str(label) for value, label in LinkModel.Relation.choices}
        links, texts = [], []
        for new in plan.new_links:
            links.append(LinkModel(
                student_id=new.student if isinstance(new.student, int) else student_ids[new.student],
                guardian_id=new.guardian if isinstance(new.guardian, int) else guardian_ids[new.guardian],
                relation=new.relation, is_primary=new.is_primary,
            ))
            # StudentGuardian.__str__, without loading both people for each link
            texts.append(f"{new.guardian_name} → {new.student_name} ({relation_label[new.relation]})")
        for i in range(0, len(links), ROSTER_CHUNK):
            chunk = links[i:i + ROSTER_CHUNK]
            LinkModel.objects.bulk_create(chunk)
            audit.created(chunk, texts[i:i + ROSTER_CHUNK])
            step(len(chunk))
        relinked = []
        for link, relation in plan.link_updates:
            old = copy.copy(link)
            link.relation = relation
            audit.updated(old, link)
            relinked.append(link)
        for chunk in _chunks(relinked):
            LinkModel.objects.bulk_update(chunk, ["relation"])
            step(len(chunk))
        audit.flush()


def roster_export(*, actor: Actor | None, out, school=None, school_class: int | None = None,
                  grade: int | None = None, request=None) -> dict:
    """Write the roster of the students the actor may see, in the import template's format, and log it.

    Sensitive values are masked unless the role may see them in full (administrator, director; the command
    line): their exports import back unchanged. Returns the access-log detail (filters, count)."""
    from xinhuo.core.models import AccessLog, Role

    from . import selectors
    from .roster import student_values, write_roster

    if actor is None:
        if school is None:
            raise ValueError("an export without a user needs the school")
        students = selectors.roster_students_of_school(school)
        masked = False
    else:
        students = selectors.roster_students(actor, school_class=school_class, grade=grade)
        masked = not actor.has_role(Role.ADMIN, Role.DIRECTOR)
    rows, most, guardians = [], 0, 0
    for s in students:
        links = list(s.guardian_links.all())
        most = max(most, len(links))
        guardians += len(links)
        rows.append(student_values(s, links, masked=masked))
    write_roster(out, rows, most)
    filters = {k: v for k, v in {"class": school_class, "grade": grade}.items() if v}
    detail = {"filters": filters, "count": len(rows), "guardians": guardians, "masked": masked, "format": "xlsx"}
    if actor is None:
        AccessLog.objects.create(user=None, school=school, action=AccessLog.Action.EXPORT, object_type="student",
                                 detail={**detail, "source": "command line"})
    else:
        access_log_record(actor, "export", "student", detail=detail, request=request)
    return detail


@audited
def roster_upload(*, actor: Actor, uploaded, file_name: str):
    """Keep an uploaded workbook in the file storage (imports/) and check it: a RosterImport ready to confirm,
    or with the list of problems."""
    import os

    from xinhuo.core.excel import check_workbook, keep_upload, remove_old_uploads

    from .models import RosterImport

    actor.require("roster.import")
    remove_old_uploads()
    imp = RosterImport(school=actor.school, user=actor.user, file_name=os.path.basename(file_name)[:200],
                       status=RosterImport.Status.INVALID)
    problem = check_workbook(uploaded)
    if problem is not None:  # too big or not a workbook: not worth keeping
        imp.errors = [problem.as_dict()]
        imp.summary = {"rows": 0, "errors": 1}
        imp.save()
        return imp
    imp.stored_path = keep_upload(f"{imp.pk}.xlsx", uploaded)
    uploaded.seek(0)
    report = roster_validate(actor=actor, path_or_file=uploaded)
    imp.status = RosterImport.Status.VALID if report.ok else RosterImport.Status.INVALID
    imp.total_rows = report.rows
    imp.summary = report.summary()
    imp.errors = report.errors_as_dicts()
    imp.save()
    return imp


@audited
def roster_import_confirm(*, actor: Actor, roster_import, request=None):
    """Apply a checked upload: inline when small, otherwise queued as a background task."""
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from .models import RosterImport
    from .roster import write_progress

    actor.require("roster.import")
    if roster_import.school_id != actor.school.pk or roster_import.user_id != actor.user.pk:
        raise Http404
    inline = roster_import.total_rows <= ROSTER_INLINE_ROWS
    status = RosterImport.Status.RUNNING if inline else RosterImport.Status.QUEUED
    claimed = RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.VALID).update(status=status)
    if not claimed:  # a second click, or errors: only a checked, unconfirmed upload can be applied
        raise ValidationError(_("This import cannot be confirmed: it has errors, or it was confirmed already."))
    if inline:
        return roster_import_run(import_id=roster_import.pk, request=request)
    write_progress(roster_import.pk, 0)
    pk = str(roster_import.pk)

    def enqueue() -> None:
        from .tasks import roster_import_task

        roster_import_task.enqueue(pk)

    transaction.on_commit(enqueue)
    roster_import.refresh_from_db()
    return roster_import


def roster_import_run(*, import_id, request=None):
    """Run a confirmed import (inline, or in the task worker) and record the outcome on the RosterImport."""
    import logging

    from django.utils import timezone

    from xinhuo.core.access import build_actor
    from xinhuo.core.excel import delete_upload, read_upload

    from .models import RosterImport
    from .roster import RosterInvalid, delete_progress, write_progress

    imp = RosterImport.objects.select_related("school", "user").get(pk=import_id)
    if imp.status not in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING):
        return imp
    RosterImport.objects.filter(pk=imp.pk).update(status=RosterImport.Status.RUNNING)
    actor = build_actor(imp.user, imp.school_id) if imp.user is not None else None
    imp.finished_at = None
    total = max(imp.total_rows, 1)
    last = [-1]

    def progress(phase: str, done: int, of: int) -> None:
        percent = done * 50 // total if phase == "read" else 50 + done * 50 // max(of, 1)
        if percent != last[0]:
            last[0] = percent
            write_progress(imp.pk, min(percent, 99))

    try:
        if actor is None or actor.school.pk != imp.school_id or not actor.can("roster.import"):
            raise PermissionError
        source = read_upload(imp.stored_path)
        if source is None:
            raise FileNotFoundError(imp.stored_path)
        report = roster_import(actor=actor, path_or_file=source, progress=progress,
                               request=request, source=str(imp.pk))
    except RosterInvalid as exc:  # the data changed since the preview
        imp.status = RosterImport.Status.INVALID
        imp.summary = exc.report.summary()
        imp.errors = exc.report.errors_as_dicts()
    except PermissionError:
        imp.status = RosterImport.Status.FAILED
        imp.errors = [{"row": None, "column": "", "code": "permission",
                       "message": "您已没有在本校导入名册的权限，名册没有导入。"}]
    except Exception:
        logging.getLogger(__name__).exception("roster import %s failed", imp.pk)
        imp.status = RosterImport.Status.FAILED
        imp.errors = [{"row": None, "column": "", "code": "internal",
                       "message": "导入时出错，数据库没有任何改动。请稍后重试；仍然出错请联系管理员。"}]
    else:
        imp.status = RosterImport.Status.DONE
        imp.summary = report.summary()
        imp.errors = []
        imp.processed_rows = report.rows
        delete_upload(imp.stored_path)  # minors' data in clear: no longer needed
    finally:
        delete_progress(imp.pk)
    imp.finished_at = timezone.now()
    imp.save(update_fields=["status", "summary", "errors", "processed_rows", "finished_at"])
    return imp


ROSTER_STALE_AFTER_SECONDS = 30 * 60


def roster_import_expire_if_stale(*, roster_import):
    """An import whose worker died (no progress for 30 minutes) is marked failed instead of spinning forever.

    Safe because the import runs in one transaction: a worker that died wrote nothing.
    """
    import time

    from django.utils import timezone

    from .models import RosterImport
    from .roster import delete_progress, progress_time

    if roster_import.status not in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING):
        return roster_import
    last = progress_time(roster_import.pk) or roster_import.created_at.timestamp()
    if time.time() - last < ROSTER_STALE_AFTER_SECONDS:
        return roster_import
    updated = RosterImport.objects.filter(
        pk=roster_import.pk, status__in=[RosterImport.Status.QUEUED, RosterImport.Status.RUNNING]
    ).update(
        status=RosterImport.Status.FAILED, finished_at=timezone.now(),
        errors=[{"row": None, "column": "", "code": "stalled",
                 "message": "导入超过 30 分钟没有进展，已停止；数据库没有任何改动。"
                            "请确认后台任务在运行（python -m xinhuo serve），然后重新上传。"}],
    )
    if updated:
        delete_progress(roster_import.pk)
        roster_import.refresh_from_db()
    return roster_import
