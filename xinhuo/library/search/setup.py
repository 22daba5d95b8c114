"""Start-up of the search part (called from the library's apps.ready): the index follows every indexed model's
saves and deletes, the database objects are made after migrate, the dictionary's changes are audited."""


def ready() -> None:
    from auditlog.registry import auditlog
    from django.apps import apps
    from django.db.models.signals import post_delete, post_migrate, post_save

    from . import db, indexing, models

    auditlog.register(models.SchoolWord)
    post_migrate.connect(db.post_migrate, sender=apps.get_app_config("library"),
                         dispatch_uid="library.search.ensure_schema")
    for ix in indexing.indexers():
        model = ix.model_class()
        post_save.connect(indexing.on_save, sender=model, dispatch_uid=f"library.search.save.{ix.model}")
        post_delete.connect(indexing.on_delete, sender=model, dispatch_uid=f"library.search.delete.{ix.model}")
