"""Start-up of the budgets part: audit-log registration and the activities' receivers (called from apps.ready)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models, receivers  # noqa: F401 - connects the commitments to the activities' workflow

    auditlog.register(models.Budget)
    auditlog.register(models.BudgetLine)
    auditlog.register(models.Commitment)
    auditlog.register(models.FinanceSettings)
