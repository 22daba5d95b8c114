"""Background work for people: large roster imports (the worker runs in `python -m xinhuo serve`)."""

from django_tasks import task


@task()
def roster_import_task(import_id: str) -> dict:
    """Apply a confirmed roster upload; progress goes to a file the import page polls."""
    from .services import roster_import_run

    imp = roster_import_run(import_id=import_id)
    return {"status": imp.status, **imp.summary}
