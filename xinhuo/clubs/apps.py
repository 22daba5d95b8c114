from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "xinhuo.clubs"
    label = "clubs"
    verbose_name = _("Clubs")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, receivers  # noqa: F401 - receivers connect on import

        auditlog.register(models.Club)
        auditlog.register(models.ClubMeeting)
