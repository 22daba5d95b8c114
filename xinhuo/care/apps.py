from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


class CareConfig(AppConfig):
    name = "xinhuo.care"
    label = "care"
    verbose_name = _("Care for students")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models
        from .mentoring import receivers as mentoring_receivers  # noqa: F401 - receivers connect on import
        from .visits import due as visits_due  # noqa: F401 - keeps care.VisitDue on every save
        from .visits import receivers as visits_receivers  # noqa: F401

        auditlog.register(models.SpecialGroup)
        auditlog.register(models.StudentTag, mask_fields=["note"], mask_callable=TEXT_MASK)
        auditlog.register(models.SupportMeasure, mask_fields=["internal_note", "what", "outcome"],
                          mask_callable=TEXT_MASK)
        auditlog.register(models.Mentor, mask_fields=["phone"])
        auditlog.register(models.MentoringPair, mask_fields=["summary"], mask_callable=TEXT_MASK)
        auditlog.register(models.HomeVisit, mask_fields=["notes", "findings"], mask_callable=TEXT_MASK)
        auditlog.register(models.FollowUp, mask_fields=["text", "outcome"], mask_callable=TEXT_MASK)
        auditlog.register(models.Forum)
        auditlog.register(models.StudyProgram)
        auditlog.register(models.GrowthEntry, mask_fields=["detail"], mask_callable=TEXT_MASK)
