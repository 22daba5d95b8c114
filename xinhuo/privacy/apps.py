from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

TEXT_MASK = "xinhuo.core.crypto.mask_text"


class PrivacyConfig(AppConfig):
    name = "xinhuo.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, receivers  # noqa: F401 - receivers connect on import

        auditlog.register(models.ErasureHold, mask_fields=["reason"], mask_callable=TEXT_MASK)
        auditlog.register(models.PrivacyRequest, mask_fields=["text", "answer"], mask_callable=TEXT_MASK)
