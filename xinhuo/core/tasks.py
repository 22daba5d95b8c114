from django_tasks import task

from .models import Notification
from .notifications import deliver


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send notifications through the outside channels; returns how many were handled."""
    count = 0
    for n in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        deliver(n)
        count += 1
    return count
