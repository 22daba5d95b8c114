from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "xinhuo.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.WorkPlan)
        auditlog.register(models.PlanTask, m2m_fields={"departments"})
