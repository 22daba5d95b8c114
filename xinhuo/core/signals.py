"""Signals fired by services; notification senders and other apps listen here."""

from auditlog.registry import auditlog
from django.dispatch import Signal

from . import models

# Sent with sender=the Notification class after in-app rows exist: kwargs notifications=[...].
notifications_created = Signal()

auditlog.register(models.School)
auditlog.register(models.SchoolYear)
auditlog.register(models.Term)
auditlog.register(models.Grade)
auditlog.register(models.SchoolClass)
auditlog.register(models.Department)
auditlog.register(models.CommitteeMember)
auditlog.register(models.Membership, m2m_fields={"classes"})
auditlog.register(
    models.User, exclude_fields=["password", "last_login", "phone_index"], mask_fields=["phone"]
)
