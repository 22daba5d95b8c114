from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "xinhuo.wellbeing"
    label = "wellbeing"
    verbose_name = _("Psychological health")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # answers and notes never reach the audit log in clear
        auditlog.register(models.Scale)
        auditlog.register(models.Campaign)
        auditlog.register(models.WellbeingSettings)
        auditlog.register(models.Alert, mask_fields=["note"])
        auditlog.register(models.Case, mask_fields=["notes", "summary"])
        auditlog.register(models.Referral, mask_fields=["outcome"])
        auditlog.register(models.Appointment, mask_fields=["reason", "notes"])
