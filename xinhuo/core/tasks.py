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


@task()
def process_image(model: str, pk: str, field: str, size_field: str = "") -> str:
    """An uploaded picture decoded, resized and stripped of its metadata, off the web workers (core.uploads)."""
    from .uploads import process_stored

    return process_stored(model, pk, field, size_field)


@task()
def resume_pending_images() -> int:
    """A frequent job: pictures whose processing did not happen (a storage error, the worker down) queued again."""
    from .uploads import resume_pending

    return resume_pending()
