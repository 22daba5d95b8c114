from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloverConfig(AppConfig):
    name = "xinhuo.rollover"
    label = "rollover"
    verbose_name = _("Rollover to the next school year")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # the run's record in the change history: who prepared, applied and undid it (issue 19)
        auditlog.register(models.RolloverRun, exclude_fields=["lines", "undo", "progress"])
