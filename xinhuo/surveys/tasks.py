"""Daily jobs of surveys and the mailbox (serve queues them; each is safe to run twice a day)."""

from django_tasks import task


@task()
def mailbox_overdue_task() -> int:
    """Warn the assignees (and the committee) of messages past their reply date; filled by mailbox/services.py."""
    from .mailbox.services import warn_overdue

    return warn_overdue()


@task()
def shuffle_task() -> int:
    """On PostgreSQL, rewrite the answer and participation tables in the order of their random keys, so the order
    rows were written in (which the heap keeps) cannot pair a participation with an answer (docs/surveys.md)."""
    from .anonymity import shuffle

    return shuffle()
