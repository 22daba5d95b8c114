"""The cache table of settings.CACHES (a database cache shared by every web worker and app server)."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_remindersent")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
