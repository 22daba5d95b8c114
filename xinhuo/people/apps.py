from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "xinhuo.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Student, exclude_fields=["id_card_index", "name_initials", "name_pinyin"],
                          mask_fields=["id_card", "address"])
        auditlog.register(models.Guardian, exclude_fields=["phone_index", "name_initials", "name_pinyin"],
                          mask_fields=["phone"])
        auditlog.register(models.StudentGuardian)
        auditlog.register(models.Staff, exclude_fields=["phone_index", "name_initials", "name_pinyin"],
                          mask_fields=["phone"])
        auditlog.register(models.Consent)
        auditlog.register(models.ConsentNotice)
