"""Writes for people. Revealing a sensitive field is logged like a write."""

from __future__ import annotations

import datetime as dt

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor
from xinhuo.core.services import access_log_record

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
    if student.school_id != actor.school.pk:
        raise ValidationError(_("This student belongs to another school."))


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
        Consent.objects.select_for_update()
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
    with set_actor(actor.user):
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
    with set_actor(actor.user):
        notice = ConsentNotice.objects.create(
            school=actor.school, purpose=purpose, version=latest.version + 1 if latest else 1, title=title,
            body=body, effective_from=effective_from,
        )
    consent_notice_published.send(sender=ConsentNotice, notice=notice, actor=actor)
    return notice


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
    if consent.school_id != actor.school.pk:
        raise ValidationError(_("This consent belongs to another school."))
    consent = Consent.objects.select_for_update().select_related("student").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if not can(actor, "withdraw_consent", consent):
        raise ValidationError(_("Only the person who gave this consent, or a head teacher or administrator writing "
                                "down a withdrawal, can withdraw it."))
    with set_actor(actor.user):
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor.user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    consent_changed.send(sender=Consent, consent=consent, action="withdrawn", actor=actor, replaced=None)
    return consent
