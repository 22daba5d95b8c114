# Every free-text column has a max_length (issue 21, 11): forms and the API take it from the model. No SQL.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0005_api_tokens"),
    ]

    operations = [
        migrations.AlterField(
            model_name="committeemember",
            name="duties",
            field=models.TextField(blank=True, max_length=2000, verbose_name="duties"),
        ),
        migrations.AlterField(
            model_name="department",
            name="duties",
            field=models.TextField(blank=True, max_length=2000, verbose_name="duties"),
        ),
    ]
