# ReminderSent moved to core (core.0003): the model leaves the elders' state, the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('elders', '0004_visit_label'),
    ]
    run_before = [
        ('core', '0003_remindersent'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ReminderSent')],
            database_operations=[],
        ),
    ]
