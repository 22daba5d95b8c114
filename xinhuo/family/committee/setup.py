"""Start-up of the committee part: audit-log registration and signal receivers (called from apps.ready)."""

# encrypted free text: the history says it changed, nothing of what it says
TEXT_MASK = "xinhuo.core.crypto.mask_text"


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    auditlog.register(models.ParentCommittee)
    auditlog.register(models.CommitteeSeat, mask_fields=["end_note"], mask_callable=TEXT_MASK)
    auditlog.register(models.CommitteeMeeting, m2m_fields={"attendees"}, mask_fields=["minutes"],
                      mask_callable=TEXT_MASK)
    auditlog.register(models.MutualHelpGroup)
    # who is in a group is the protected fact: the history keeps that a membership changed, by whom
    auditlog.register(models.MutualHelpMember)
    auditlog.register(models.MutualHelpMeeting, mask_fields=["notes"], mask_callable=TEXT_MASK)
