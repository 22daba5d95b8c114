from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PARTS = ("resources", "search", "assistant", "history")


class LibraryConfig(AppConfig):
    name = "xinhuo.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        # each part registers its models with the audit log and connects its receivers (its setup.ready, if any)
        from xinhuo.core import parts

        for module in parts.modules(self.name, PARTS, module="setup"):
            module.ready()
