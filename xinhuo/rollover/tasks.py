"""The rollover as a background task (the worker runs in `python -m xinhuo serve`); progress goes to a file the
run's page polls."""

from django_tasks import task


@task()
def rollover_task(run_id: str) -> dict:
    from .services import execute

    run = execute(run_id)
    return {"status": run.status, "error": run.error}
