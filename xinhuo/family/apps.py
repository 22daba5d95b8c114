import importlib

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyConfig(AppConfig):
    name = "xinhuo.family"
    label = "family"
    verbose_name = _("Home and school")

    def ready(self) -> None:
        # each part registers its models with the audit log and connects its receivers
        from . import committee, notices, school, volunteers

        for part in (school, committee, volunteers, notices,):
            importlib.import_module(f"{part.__name__}.setup").ready()
