# ReminderSent moved from the elders app to core. Its table keeps the name and the rows: where the elders app
# created it (elders.0005 runs before this one), only the model state moves; elsewhere the table is created here.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def create_table_if_missing(apps, schema_editor):
    model = apps.get_model("core", "ReminderSent")
    if model._meta.db_table not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(model)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_must_change_password'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReminderSent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=100)),
                        ('sent_on', models.DateField(default=django.utils.timezone.localdate)),
                        ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                    ],
                    options={
                        'db_table': 'elders_remindersent',
                        'constraints': [models.UniqueConstraint(fields=('school', 'key'), name='uniq_elder_reminder')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_table_if_missing, migrations.RunPython.noop),
    ]
