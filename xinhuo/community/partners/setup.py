"""Start-up of the partners part: audit-log registration (called from apps.ready)."""

TEXT_MASK = "xinhuo.core.crypto.mask_text"


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    auditlog.register(models.Partner, exclude_fields=["name_initials"])
    auditlog.register(models.PartnerContact, mask_fields=["phone"], mask_callable=TEXT_MASK)
    auditlog.register(models.Agreement)
    auditlog.register(models.JointMeeting, m2m_fields={"partners"})
    auditlog.register(models.FollowUp)
    auditlog.register(models.ActivityBase)
    auditlog.register(models.Resource, exclude_fields=["name_initials"], mask_fields=["contact_phone"],
                      mask_callable=TEXT_MASK)
