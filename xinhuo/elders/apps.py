from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EldersConfig(AppConfig):
    name = "xinhuo.elders"
    label = "elders"
    verbose_name = _("Elders")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, receivers  # noqa: F401 - receivers connect the notices to the signals

        auditlog.register(models.Elder, exclude_fields=["phone_index", "name_initials", "name_pinyin"],
                          mask_fields=["phone", "health_notes"])
        # the records whose history the committee may be asked about: who assigned, credited, closed, awarded
        for model in (models.Availability, models.Assignment, models.ServiceRecord, models.Inspection,
                      models.TrainingSession, models.ApprenticeshipPair, models.YoungTeacher, models.Participation,
                      models.ResearchProject, models.Award, models.RecreationEvent):
            auditlog.register(model)
        auditlog.register(models.CareVisit, mask_fields=["notes"])
