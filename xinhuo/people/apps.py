from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "xinhuo.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        def reverse(model) -> list[str]:
            # the relations other apps point at a person (home_visits, consents ...): auditlog diffs each as its
            # related manager's text ("care.HomeVisit.None"), 13 meaningless pairs in every new student's entry
            # that made the 5,000-student roster import 20 s instead of 9 (issue 21)
            return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]

        auditlog.register(models.Student, exclude_fields=["id_card_index", "name_initials", "name_pinyin",
                                                          *reverse(models.Student)],
                          mask_fields=["id_card", "address"])
        auditlog.register(models.Guardian, exclude_fields=["phone_index", "name_initials", "name_pinyin",
                                                           *reverse(models.Guardian)],
                          mask_fields=["phone"])
        auditlog.register(models.StudentGuardian)
        auditlog.register(models.Staff, exclude_fields=["phone_index", "name_initials", "name_pinyin",
                                                        *reverse(models.Staff)],
                          mask_fields=["phone"])
        auditlog.register(models.Consent)
        auditlog.register(models.ConsentNotice)
