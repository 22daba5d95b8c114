"""Models of partners and practice bases, co-building agreements, joint meetings, the social resource directory
(COM-1, COM-2).

A partner (共建单位) is an organisation the school works with; a practice base (社会实践基地) is a partner whose
place students visit. Its contacts' phones are encrypted and shown in full to the committee only. An agreement
(共建协议) has a term and may carry its signed file; a renewal is a new agreement pointing at the old one. A joint
meeting (联席会议) is kept here until the governance app has meetings (then it should move there). The directory
(社会资源信息库) lists the outside resources the school may call on, and gives the wellbeing referrals their agencies
(hook "directory.agencies")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.crypto import SensitiveCharField
from xinhuo.core.models import School

__all__ = [
    "ActivityBase", "Agreement", "AgreementStatus", "FollowUp", "JointMeeting", "Partner", "PartnerContact",
    "PartnerKind", "PartnerStatus", "Resource", "ResourceKind", "ResourceStatus",
]

OFFERS_MAX = 2000
DUTIES_MAX = 4000
CONTENT_MAX = 5000
MINUTES_MAX = 5000
TOPICS_MAX = 2000


class PartnerKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    RED_BASE = "red_base", _("Red education base")
    MUSEUM = "museum", _("Museum")
    COMPANY = "company", _("Company")
    MILITARY = "military", _("Military unit")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class Partner(models.Model):
    """A co-building partner of the school; a practice base when students go there."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=PartnerKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_initials = models.CharField(max_length=100, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    offers = models.TextField(_("what they offer"), max_length=OFFERS_MAX, blank=True)
    is_base = models.BooleanField(_("practice base"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="partners_partner_unique_name")]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A contact person at a partner: the phone is encrypted and masked for everyone but the committee."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=50, blank=True)
    phone = SensitiveCharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class AgreementStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    TERMINATED = "terminated", _("Terminated")


def agreement_file_path(instance: Agreement, filename: str) -> str:
    return f"community/{instance.school_id}/agreements/{filename}"


class Agreement(models.Model):
    """A co-building agreement (共建协议) between the school and a partner, with its term and signed file."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(_("title"), max_length=100)
    school_duties = models.TextField(_("the school's duties"), max_length=DUTIES_MAX, blank=True)
    partner_duties = models.TextField(_("the partner's duties"), max_length=DUTIES_MAX, blank=True)
    content = models.TextField(_("content"), max_length=CONTENT_MAX, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    file = models.FileField(_("signed file"), upload_to=agreement_file_path, blank=True)
    file_name = models.CharField(max_length=150, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=AgreementStatus.choices,
                              default=AgreementStatus.IN_FORCE)
    renews = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewals",
                               verbose_name=_("renews"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("co-building agreement")
        verbose_name_plural = _("co-building agreements")
        ordering = ["ends_on", "pk"]
        indexes = [models.Index(fields=["school", "status", "ends_on"], name="partners_agreement_due")]

    def __str__(self) -> str:
        return self.title

    def days_left(self, today=None) -> int:
        return (self.ends_on - (today or timezone.localdate())).days


class JointMeeting(models.Model):
    """A joint meeting (联席会议) with partners: who came, topics, minutes, follow-ups. A governance meeting of kind
    "joint" may link it for invitations, attendance and approved minutes (the archive); neither copies the other."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    partners = models.ManyToManyField(Partner, related_name="meetings", verbose_name=_("partners present"))
    topics = models.TextField(_("topics"), max_length=TOPICS_MAX)
    minutes = models.TextField(_("minutes"), max_length=MINUTES_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"


class FollowUp(models.Model):
    """A follow-up item of a joint meeting: what, who, done."""

    meeting = models.ForeignKey(JointMeeting, on_delete=models.CASCADE, related_name="followups")
    text = models.CharField(_("item"), max_length=200)
    owner = models.CharField(_("owner"), max_length=50, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class ActivityBase(models.Model):
    """The partner or base an activity used (one per activity)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="activity_links")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("activity base")
        verbose_name_plural = _("activity bases")

    def __str__(self) -> str:
        return f"{self.activity_id} @ {self.partner_id}"


class ResourceKind(models.TextChoices):
    MUSEUM = "museum", _("Museum")
    LIBRARY = "library", _("Library")
    SCIENCE = "science", _("Science centre")
    YOUTH_PALACE = "youth_palace", _("Youth palace")
    PSYCHOLOGICAL = "psychological", _("Psychological service")
    LEGAL = "legal", _("Legal service")
    MEDICAL = "medical", _("Medical service")
    NGO = "ngo", _("Social organisation")
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Public body")
    OTHER = "other", _("Other")


class ResourceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Not in use")


class Resource(models.Model):
    """An entry of the social resource directory (社会资源信息库)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=14, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    name_initials = models.CharField(max_length=100, blank=True, editable=False)
    services = models.CharField(_("services"), max_length=500, blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    cooperation = models.CharField(_("cooperation mode"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = SensitiveCharField(_("contact phone"), max_length=30, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ResourceStatus.choices,
                              default=ResourceStatus.ACTIVE)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("social resource")
        verbose_name_plural = _("social resources")
        ordering = ["kind", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="partners_resource_unique_name")]

    def __str__(self) -> str:
        return self.name


_ORG = "about an outside organisation and the school's work with it, never about a child or a family"
# every text field not encrypted, with the reason it may stay plain (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "Partner.kind": "a category from a fixed list",
    "Partner.name": "an organisation's public name",
    "Partner.name_initials": "pinyin initials of the organisation's public name, for search",
    "Partner.address": "an organisation's public address, not a family's",
    "Partner.offers": _ORG,
    "Partner.status": "a status from a fixed list",
    "PartnerContact.name": "the work contact of an organisation, as on its public card",
    "PartnerContact.position": "a job title at an organisation",
    "Agreement.title": _ORG,
    "Agreement.school_duties": _ORG,
    "Agreement.partner_duties": _ORG,
    "Agreement.content": _ORG,
    "Agreement.file": "a storage path made of ids and a random name",
    "Agreement.file_name": "the name of the signed agreement's file",
    "Agreement.file_type": "a content type",
    "Agreement.status": "a status from a fixed list",
    "JointMeeting.place": "a meeting room or an organisation's premises",
    "JointMeeting.topics": _ORG,
    "JointMeeting.minutes": _ORG + " (the form asks to name no pupil)",
    "FollowUp.text": _ORG,
    "FollowUp.owner": "the name of whoever follows the item up, a staff member or a partner's contact",
    "Resource.kind": "a category from a fixed list",
    "Resource.name": "an organisation's public name",
    "Resource.name_initials": "pinyin initials of the organisation's public name, for search",
    "Resource.services": _ORG,
    "Resource.audience": _ORG,
    "Resource.cooperation": _ORG,
    "Resource.contact_name": "the work contact of an organisation, as on its public card",
    "Resource.location": "an organisation's public address, not a family's",
    "Resource.status": "a status from a fixed list",
}
