"""Writes of the partners part: each checks the actor's capability, validates (a refusal says why in Chinese and
changes nothing), writes in one transaction under the actor's name in the change history and sends the part's
signal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xinhuo.core import pinyin
from xinhuo.core.access import Actor
from xinhuo.core.audit import audited
from xinhuo.core.uploads import IMAGE_FORMATS, check_file, process_later
from xinhuo.core.validators import choose_one_of, clean_text

from . import signals
from .models import (
    CONTENT_MAX,
    DUTIES_MAX,
    MINUTES_MAX,
    OFFERS_MAX,
    TOPICS_MAX,
    ActivityBase,
    Agreement,
    AgreementStatus,
    FollowUp,
    JointMeeting,
    Partner,
    PartnerContact,
    PartnerKind,
    PartnerStatus,
    Resource,
    ResourceKind,
    ResourceStatus,
)
from .selectors import COMMITTEE_CAP, can_link

MANAGE = COMMITTEE_CAP
DIRECTORY_MANAGE = "community.directory.manage"
# the signed agreement: a PDF or a photo / scan of it
AGREEMENT_FILE_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg",
                        **dict(IMAGE_FORMATS.values())}
MAX_AGREEMENT_BYTES = 20 * 1024 * 1024
MAX_TERM_YEARS = 10
PHONE_MAX = 30


def _require(actor: Actor, capability: str) -> None:
    if not actor.can(capability):
        raise Http404


def _own(actor: Actor, obj) -> None:
    if obj.school_id != actor.school.pk:
        raise Http404


def _choice(value: str, choices, key: str, errors: dict, default: str = "") -> str:
    value = (value or default or "").strip()
    if value not in choices.values:
        errors[key] = choose_one_of(choices)
    return value


def _phone(value: str, key: str, errors: dict) -> str:
    phone = (value or "").strip().replace(" ", "")
    if len(phone) > PHONE_MAX:
        errors[key] = _("At most %(n)d characters (now %(len)d).") % {"n": PHONE_MAX, "len": len(phone)}
    elif phone and not all(ch.isdigit() or ch in "+-()" for ch in phone):
        errors[key] = _("A phone number has digits only (a dash may separate the area code).")
    return phone


# --- partners ------------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def partner_save(*, actor: Actor, partner: Partner | None = None, name: str, kind: str, address: str = "",
                 offers: str = "", is_base: bool = False, status: str = PartnerStatus.ACTIVE) -> Partner:
    """Add a partner (partner=None) or change one."""
    _require(actor, MANAGE)
    if partner is not None:
        _own(actor, partner)
    errors: dict = {}
    name = clean_text(name, 100, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Give the partner's name.")
    kind = _choice(kind, PartnerKind, "kind", errors)
    status = _choice(status, PartnerStatus, "status", errors, PartnerStatus.ACTIVE)
    address = clean_text(address, 200, "address", errors)
    offers = clean_text(offers, OFFERS_MAX, "offers", errors)
    if name and "name" not in errors:
        same = Partner.objects.filter(school=actor.school, name=name)
        if partner is not None:
            same = same.exclude(pk=partner.pk)
        if same.exists():
            errors["name"] = _("The school already has a partner of this name.")
    if errors:
        raise ValidationError(errors)
    created = partner is None
    partner = partner or Partner(school=actor.school, created_by=actor.user)
    partner.name, partner.kind, partner.status = name, kind, status
    partner.address, partner.offers, partner.is_base = address, offers, bool(is_base)
    partner.name_initials = pinyin.initials(name)[:100]
    partner.save()
    signals.partner_changed.send(Partner, partner=partner, actor=actor, created=created)
    return partner


@audited
@transaction.atomic
def contact_add(*, actor: Actor, partner: Partner, name: str, position: str = "", phone: str = "") -> PartnerContact:
    _require(actor, MANAGE)
    _own(actor, partner)
    errors: dict = {}
    name = clean_text(name, 50, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Give the contact's name.")
    position = clean_text(position, 50, "position", errors)
    phone = _phone(phone, "phone", errors)
    if errors:
        raise ValidationError(errors)
    return PartnerContact.objects.create(partner=partner, name=name, position=position, phone=phone)


@audited
@transaction.atomic
def contact_delete(*, actor: Actor, contact: PartnerContact) -> None:
    _require(actor, MANAGE)
    _own(actor, contact.partner)
    contact.delete()


# --- agreements ----------------------------------------------------------------------------------------------------


def _check_agreement(partner: Partner, title: str, school_duties: str, partner_duties: str, content: str,
                     starts_on: dt.date | None, ends_on: dt.date | None, signed_on: dt.date | None,
                     errors: dict) -> tuple[str, str, str, str]:
    title = clean_text(title, 100, "title", errors)
    if not title and "title" not in errors:
        errors["title"] = _("Give the agreement a title.")
    school_duties = clean_text(school_duties, DUTIES_MAX, "school_duties", errors)
    partner_duties = clean_text(partner_duties, DUTIES_MAX, "partner_duties", errors)
    content = clean_text(content, CONTENT_MAX, "content", errors)
    if starts_on is None:
        errors["starts_on"] = _("Give the first day of the term.")
    if ends_on is None:
        errors["ends_on"] = _("Give the last day of the term.")
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = _("The term ends after it starts.")
        elif ends_on > starts_on.replace(year=starts_on.year + MAX_TERM_YEARS, day=min(starts_on.day, 28)):
            errors["ends_on"] = _("A term of at most %(n)d years.") % {"n": MAX_TERM_YEARS}
    if signed_on and signed_on > timezone.localdate():
        errors["signed_on"] = _("The signing day cannot be in the future.")
    if partner.status == PartnerStatus.ENDED:
        errors["partner"] = _("The co-operation with this partner has ended: set it active again first.")
    return title, school_duties, partner_duties, content


def _checked_file(upload, errors: dict):
    if not upload:
        return None
    try:
        return check_file(upload, allowed=AGREEMENT_FILE_TYPES, max_bytes=MAX_AGREEMENT_BYTES)
    except ValidationError as exc:
        errors["file"] = exc.messages
        return None


def _store_file(agreement: Agreement, checked) -> None:
    agreement.file = checked.content
    agreement.file_name = checked.original_name[:150]
    agreement.file_type = checked.content_type
    agreement.file_size = checked.size


@audited
@transaction.atomic
def agreement_create(*, actor: Actor, partner: Partner, title: str, starts_on: dt.date | None,
                     ends_on: dt.date | None, school_duties: str = "", partner_duties: str = "", content: str = "",
                     signed_on: dt.date | None = None, upload=None, renews: Agreement | None = None) -> Agreement:
    """A co-building agreement between the school and a partner; its signed file (PDF or picture) is optional."""
    _require(actor, MANAGE)
    _own(actor, partner)
    errors: dict = {}
    title, school_duties, partner_duties, content = _check_agreement(
        partner, title, school_duties, partner_duties, content, starts_on, ends_on, signed_on, errors)
    if renews is not None and starts_on and starts_on <= renews.starts_on:
        errors["starts_on"] = _("The renewal starts after the agreement it renews started.")
    checked = _checked_file(upload, errors)
    if errors:
        raise ValidationError(errors)
    assert starts_on is not None and ends_on is not None
    agreement = Agreement(school=actor.school, partner=partner, title=title, school_duties=school_duties,
                          partner_duties=partner_duties, content=content, starts_on=starts_on, ends_on=ends_on,
                          signed_on=signed_on, renews=renews, created_by=actor.user)
    if ends_on < timezone.localdate():
        agreement.status = AgreementStatus.EXPIRED  # an old agreement recorded afterwards
    if checked is not None:
        _store_file(agreement, checked)
    agreement.save()
    if checked is not None:
        process_later(agreement, "file", size_field="file_size")  # a photo is finished by the task worker
    signals.agreement_changed.send(Agreement, agreement=agreement, actor=actor, created=True)
    return agreement


@audited
@transaction.atomic
def agreement_file_replace(*, actor: Actor, agreement: Agreement, upload) -> Agreement:
    """Attach (or replace) the signed file of an agreement."""
    _require(actor, MANAGE)
    _own(actor, agreement)
    errors: dict = {}
    if not upload:
        errors["file"] = _("Choose a file.")
    checked = _checked_file(upload, errors)
    if errors:
        raise ValidationError(errors)
    old = agreement.file.name if agreement.file else ""
    _store_file(agreement, checked)
    agreement.save(update_fields=["file", "file_name", "file_type", "file_size"])
    process_later(agreement, "file", size_field="file_size")
    if old:
        storage = agreement.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    signals.agreement_changed.send(Agreement, agreement=agreement, actor=actor, created=False)
    return agreement


@audited
@transaction.atomic
def agreement_renew(*, actor: Actor, agreement: Agreement, title: str = "", starts_on: dt.date | None = None,
                    ends_on: dt.date | None = None, school_duties: str | None = None,
                    partner_duties: str | None = None, content: str | None = None,
                    signed_on: dt.date | None = None, upload=None) -> Agreement:
    """Renew an agreement: a new agreement linked to the old one (the old one is marked renewed). What is not given
    is taken from the old agreement; the new term starts the day after the old one ends unless given."""
    _require(actor, MANAGE)
    _own(actor, agreement)
    old = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if old.status in (AgreementStatus.RENEWED, AgreementStatus.TERMINATED):
        raise ValidationError(_("This agreement was %(status)s: it cannot be renewed again.")
                              % {"status": old.get_status_display()})
    starts_on = starts_on or old.ends_on + dt.timedelta(days=1)
    new = agreement_create(
        actor=actor, partner=old.partner, title=title or old.title, starts_on=starts_on, ends_on=ends_on,
        school_duties=old.school_duties if school_duties is None else school_duties,
        partner_duties=old.partner_duties if partner_duties is None else partner_duties,
        content=old.content if content is None else content, signed_on=signed_on, upload=upload, renews=old)
    old.status = AgreementStatus.RENEWED
    old.save(update_fields=["status"])
    signals.agreement_changed.send(Agreement, agreement=old, actor=actor, created=False)
    return new


@audited
@transaction.atomic
def agreement_terminate(*, actor: Actor, agreement: Agreement) -> Agreement:
    """End an agreement in force before its term (no more reminders)."""
    _require(actor, MANAGE)
    _own(actor, agreement)
    if agreement.status != AgreementStatus.IN_FORCE:
        raise ValidationError(_("Only an agreement in force can be terminated."))
    agreement.status = AgreementStatus.TERMINATED
    agreement.save(update_fields=["status"])
    signals.agreement_changed.send(Agreement, agreement=agreement, actor=actor, created=False)
    return agreement


# --- joint meetings ------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def meeting_create(*, actor: Actor, held_on: dt.date | None, partners: Iterable[Partner], topics: str,
                   place: str = "", minutes: str = "") -> JointMeeting:
    _require(actor, MANAGE)
    partners = list(partners)
    errors: dict = {}
    if held_on is None:
        errors["held_on"] = _("Give the day of the meeting.")
    elif held_on > timezone.localdate() + dt.timedelta(days=366):
        errors["held_on"] = _("The meeting is within a year from today.")
    if not partners:
        errors["partners"] = _("Choose the partners present.")
    elif any(p.school_id != actor.school.pk for p in partners):
        raise Http404
    topics = clean_text(topics, TOPICS_MAX, "topics", errors)
    if not topics and "topics" not in errors:
        errors["topics"] = _("Give the topics of the meeting.")
    place = clean_text(place, 100, "place", errors)
    minutes = clean_text(minutes, MINUTES_MAX, "minutes", errors)
    if errors:
        raise ValidationError(errors)
    assert held_on is not None
    meeting = JointMeeting.objects.create(school=actor.school, held_on=held_on, place=place, topics=topics,
                                          minutes=minutes, created_by=actor.user)
    meeting.partners.set(partners)
    return meeting


@audited
@transaction.atomic
def meeting_update(*, actor: Actor, meeting: JointMeeting, minutes: str) -> JointMeeting:
    _require(actor, MANAGE)
    _own(actor, meeting)
    errors: dict = {}
    meeting.minutes = clean_text(minutes, MINUTES_MAX, "minutes", errors)
    if errors:
        raise ValidationError(errors)
    meeting.save(update_fields=["minutes"])
    return meeting


@audited
@transaction.atomic
def followup_add(*, actor: Actor, meeting: JointMeeting, text: str, owner: str = "") -> FollowUp:
    _require(actor, MANAGE)
    _own(actor, meeting)
    errors: dict = {}
    text = clean_text(text, 200, "text", errors)
    if not text and "text" not in errors:
        errors["text"] = _("Say what is to be done.")
    owner = clean_text(owner, 50, "owner", errors)
    if errors:
        raise ValidationError(errors)
    return FollowUp.objects.create(meeting=meeting, text=text, owner=owner)


@audited
@transaction.atomic
def followup_mark(*, actor: Actor, followup: FollowUp, done: bool) -> FollowUp:
    _require(actor, MANAGE)
    _own(actor, followup.meeting)
    followup.done = bool(done)
    followup.save(update_fields=["done"])
    return followup


# --- activities held at a base -------------------------------------------------------------------------------------


@audited
@transaction.atomic
def activity_link(*, actor: Actor, activity, partner: Partner) -> ActivityBase:
    """Say which partner or base an activity used (replaces an earlier choice)."""
    if not can_link(actor, activity):
        raise Http404
    _own(actor, partner)
    if partner.status == PartnerStatus.ENDED:
        raise ValidationError({"partner": _("The co-operation with this partner has ended.")})
    link, _created = ActivityBase.objects.update_or_create(
        activity=activity, defaults={"school": actor.school, "partner": partner, "linked_by": actor.user,
                                     "linked_at": timezone.now()})
    return link


@audited
@transaction.atomic
def activity_unlink(*, actor: Actor, activity) -> None:
    if not can_link(actor, activity):
        raise Http404
    ActivityBase.objects.filter(activity=activity).delete()


# --- the directory -------------------------------------------------------------------------------------------------


@audited
@transaction.atomic
def resource_save(*, actor: Actor, resource: Resource | None = None, name: str, kind: str, services: str = "",
                  audience: str = "", cooperation: str = "", contact_name: str = "", contact_phone: str = "",
                  location: str = "", status: str = ResourceStatus.ACTIVE,
                  last_contact_on: dt.date | None = None) -> Resource:
    """Add an entry to the directory (resource=None) or change one."""
    _require(actor, DIRECTORY_MANAGE)
    if resource is not None:
        _own(actor, resource)
    errors: dict = {}
    name = clean_text(name, 100, "name", errors)
    if not name and "name" not in errors:
        errors["name"] = _("Give the organisation's name.")
    kind = _choice(kind, ResourceKind, "kind", errors)
    status = _choice(status, ResourceStatus, "status", errors, ResourceStatus.ACTIVE)
    services = clean_text(services, 500, "services", errors)
    audience = clean_text(audience, 200, "audience", errors)
    cooperation = clean_text(cooperation, 200, "cooperation", errors)
    contact_name = clean_text(contact_name, 50, "contact_name", errors)
    contact_phone = _phone(contact_phone, "contact_phone", errors)
    location = clean_text(location, 200, "location", errors)
    if last_contact_on and last_contact_on > timezone.localdate():
        errors["last_contact_on"] = _("The last contact cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    resource = resource or Resource(school=actor.school)
    for field, value in {"name": name, "kind": kind, "status": status, "services": services, "audience": audience,
                         "cooperation": cooperation, "contact_name": contact_name, "contact_phone": contact_phone,
                         "location": location, "last_contact_on": last_contact_on}.items():
        setattr(resource, field, value)
    resource.name_initials = pinyin.initials(name)[:100]
    try:
        with transaction.atomic():
            resource.save()
    except IntegrityError:
        raise ValidationError({"name": _("The directory already has an entry of this name.")}) from None
    return resource
