"""The activities' workflow moves the money (GOV-3, ACT-1): an approved activity's budget request becomes a pending
commitment on its year's approved budget; its summary's actual cost closes it; a rejected activity releases it."""

from __future__ import annotations

from django.dispatch import receiver

from xinhuo.activities.models import ActivityStatus
from xinhuo.activities.signals import activity_changed

from . import services


@receiver(activity_changed, dispatch_uid="finance-budgets-commitments")
def commitment_follows_activity(sender, activity, step=None, actor=None, **kwargs) -> None:
    status = getattr(step, "to_status", None) or activity.status
    if status == ActivityStatus.APPROVED:
        services.commitment_open(activity=activity)
    elif status == ActivityStatus.SUMMARISED:
        services.commitment_close(activity=activity)
    elif status == ActivityStatus.REJECTED:
        services.commitment_release_for(activity=activity)
