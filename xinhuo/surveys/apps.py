from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


class SurveysConfig(AppConfig):
    name = "xinhuo.surveys"
    label = "surveys"
    verbose_name = _("Surveys and feedback")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Responses and participations are never registered: an audit entry names its actor beside the object's
        # id, which would join an anonymous answer to its writer (docs/surveys.md). Mailbox texts are masked.
        auditlog.register(models.Survey, m2m_fields={"grades", "classes", "parent_classes"})
        auditlog.register(models.Question)
        auditlog.register(models.MailboxSettings)
        auditlog.register(models.Message, exclude_fields=["writer", "body", "code_hash"],
                          mask_fields=["reply", "subject"], mask_callable=TEXT_MASK)
