from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PARTS = ("budgets", "claims")


class FinanceConfig(AppConfig):
    name = "xinhuo.finance"
    label = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        # each part registers its models with the audit log and connects its receivers (its setup.ready, if any)
        from xinhuo.core import parts

        for module in parts.modules(self.name, PARTS, module="setup"):
            module.ready()
