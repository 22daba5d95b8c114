from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# indicators (PLAN-3), student profiles (STU-4), the year-end report (PLAN-5), the county view (ORG-8)
PARTS = ("indicators", "profiles", "reports", "county")


class EvaluationConfig(AppConfig):
    name = "xinhuo.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # each part registers its models with the audit log and connects its receivers (its setup.ready, if any)
        from xinhuo.core import parts

        for module in parts.modules(self.name, PARTS, module="setup"):
            module.ready()
