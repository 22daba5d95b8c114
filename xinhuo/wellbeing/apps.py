from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


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
        auditlog.register(models.Alert, mask_fields=["note"], mask_callable=TEXT_MASK)
        auditlog.register(models.Case, mask_fields=["notes", "summary", "family_request"], mask_callable=TEXT_MASK)
        auditlog.register(models.Referral, mask_fields=["outcome"], mask_callable=TEXT_MASK)
        auditlog.register(models.Appointment, mask_fields=["reason", "notes"], mask_callable=TEXT_MASK)
