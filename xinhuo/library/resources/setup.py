"""Start-up of the resource library: audit-log registration (called from apps.ready). Ratings, favourites and views
are a person's own marks, not the library's records: not audited."""


def ready() -> None:
    from auditlog.registry import auditlog

    from . import models

    auditlog.register(models.Resource, exclude_fields=["file", "extracted_text", "view_count", "updated_at", "body"])
    auditlog.register(models.Collection)
    auditlog.register(models.UsedIn)
