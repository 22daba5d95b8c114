# The notices part's models. Owned by that part; the chain is linear so parts never conflict.

from django.db import migrations


class Migration(migrations.Migration):

    initial = False
    dependencies = [("family", "0003_volunteers")]
    operations: list = []
