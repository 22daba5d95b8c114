from django.db import migrations


def install(apps, schema_editor):
    from xinhuo.wellbeing.install import install_standard_scales

    install_standard_scales({name: apps.get_model("wellbeing", name)
                             for name in ("Scale", "ScaleItem", "ScaleOption", "ScaleBand")})


class Migration(migrations.Migration):
    dependencies = [("wellbeing", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
