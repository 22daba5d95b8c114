from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


class EldersConfig(AppConfig):
    name = "xinhuo.elders"
    label = "elders"
    verbose_name = _("Elders")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, receivers  # noqa: F401 - receivers connect the notices to the signals

        auditlog.register(models.Elder, exclude_fields=["phone_index", "name_initials", "name_pinyin"],
                          mask_fields=["phone", "health_notes"], mask_callable=TEXT_MASK)
        # the records whose history the committee may be asked about: who assigned, credited, closed, awarded
        auditlog.register(models.Assignment, mask_fields=["note"], mask_callable=TEXT_MASK)
        for model in (models.Availability, models.ServiceRecord, models.Inspection,
                      models.TrainingSession, models.ApprenticeshipPair, models.YoungTeacher, models.Participation,
                      models.ResearchProject, models.Award, models.RecreationEvent):
            auditlog.register(model)
        auditlog.register(models.CareVisit, mask_fields=["notes"], mask_callable=TEXT_MASK)
