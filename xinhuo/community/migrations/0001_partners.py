# The partners part's models. Owned by that part; the chain is linear so parts never conflict.

from django.db import migrations


class Migration(migrations.Migration):

    initial = True
    dependencies = [("core", "0008_class_graduated_in"), ("people", "0006_staff_left_on_class_change"), ("activities", "0002_kinds_signups_evidence")]
    operations: list = []
