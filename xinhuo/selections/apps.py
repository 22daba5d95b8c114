from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionsConfig(AppConfig):
    name = "xinhuo.selections"
    label = "selections"
    verbose_name = _("Selections")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, receivers  # noqa: F401 - receivers connect on import

        auditlog.register(models.Selection)
        auditlog.register(models.Nomination)
        auditlog.register(models.Objection)
