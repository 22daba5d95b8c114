"""The elder registry (五老人员信息库). The foundation keeps the core record; ELD issues extend it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from xinhuo.core.crypto import phone_index
from xinhuo.people.models import Gender, PersonBase


class Elder(PersonBase):
    class Category(models.TextChoices):
        CADRE = "cadre", _("Retired cadre")
        VETERAN = "veteran", _("Veteran")
        EXPERT = "expert", _("Retired expert")
        TEACHER = "teacher", _("Retired teacher")
        MODEL_WORKER = "model_worker", _("Model worker")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    former_work = models.CharField(_("former work"), max_length=100, blank=True)
    specialties = models.CharField(_("specialties"), max_length=200, blank=True)
    phone = EncryptedCharField(_("mobile number"), max_length=20, blank=True, null=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="elder"
    )

    class Meta:
        verbose_name = _("elder")
        verbose_name_plural = _("elders")
        ordering = ["name", "id"]

    def fill_keys(self) -> None:
        super().fill_keys()
        self.phone_index = phone_index(self.phone)
