from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


class SelectionsConfig(AppConfig):
    name = "xinhuo.selections"
    label = "selections"
    verbose_name = _("Selections")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, receivers  # noqa: F401 - receivers connect on import

        auditlog.register(models.Selection)
        auditlog.register(models.Nomination)
        auditlog.register(models.Objection, mask_fields=["text", "reply"], mask_callable=TEXT_MASK)
