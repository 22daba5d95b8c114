import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "xinhuo.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # each part registers its models with the audit log and connects its receivers
        from . import bursaries, exchange, partners

        for part in (partners, bursaries, exchange,):
            importlib.import_module(f"{part.__name__}.setup").ready()
