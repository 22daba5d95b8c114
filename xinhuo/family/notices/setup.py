"""Start-up of the notices part: audit-log registration and signal receivers (called from apps.ready)."""

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    # a family's read receipt and reply are written with update()/bulk writes (thousands per notice): the notice
    # itself and the threads are in the history; a message's text and a thread's subject are masked there
    auditlog.register(models.FamilyNotice, m2m_fields={"grades", "classes", "students"},
                      exclude_fields=["done", "claimed_at"])
    auditlog.register(models.FamilyNoticeAttachment)
    auditlog.register(models.FamilyThread, mask_fields=["subject"], mask_callable=TEXT_MASK)
    auditlog.register(models.FamilyMessage, mask_fields=["body"], mask_callable=TEXT_MASK)
