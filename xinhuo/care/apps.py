from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "xinhuo.care"
    label = "care"
    verbose_name = _("Care for students")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .mentoring import receivers as mentoring_receivers  # noqa: F401 - receivers connect on import
        from .visits import receivers as visits_receivers  # noqa: F401

        auditlog.register(models.SpecialGroup)
        auditlog.register(models.StudentTag, mask_fields=["note"])
        auditlog.register(models.SupportMeasure, mask_fields=["internal_note"])
        auditlog.register(models.Mentor, mask_fields=["phone"])
        auditlog.register(models.MentoringPair)
        auditlog.register(models.HomeVisit, mask_fields=["notes"])
        auditlog.register(models.FollowUp)
        auditlog.register(models.Forum)
        auditlog.register(models.StudyProgram)
        auditlog.register(models.GrowthEntry)
