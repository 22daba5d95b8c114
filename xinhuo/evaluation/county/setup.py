"""Start-up of the county part: its rows in the change history (who added a school or an account, and when)."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    for model in (models.County, models.CountySchool, models.CountyMember):
        auditlog.register(model)
