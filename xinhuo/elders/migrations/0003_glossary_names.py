# The glossary's names: 传帮带/青年导师制 is an "apprenticeship pair" (结对帮扶 of students is a "mentoring
# pair", in the care app); 党史宣讲员 a "history speaker", 心灵导师 a "heart mentor".

import django.db.models.deletion
from django.db import migrations, models

CODES = {"party_history_lecturer": "history_speaker", "mind_mentor": "heart_mentor"}


def rename_role_codes(apps, schema_editor, codes=CODES):
    for model in ("Assignment", "TrainingSession"):
        Model = apps.get_model("elders", model)
        for old, new in codes.items():
            Model.objects.filter(role=old).update(role=new)
    Elder = apps.get_model("elders", "Elder")
    for elder in Elder.objects.exclude(willingness=""):
        text = elder.willingness if isinstance(elder.willingness, str) else "," + ",".join(elder.willingness) + ","
        new = text
        for old, code in codes.items():
            new = new.replace(f",{old},", f",{code},")
        if new != text:
            Elder.objects.filter(pk=elder.pk).update(willingness=new)


def restore_role_codes(apps, schema_editor):
    rename_role_codes(apps, schema_editor, {new: old for old, new in CODES.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("elders", "0002_registry_and_team"),
    ]

    operations = [
        migrations.RenameModel("Mentorship", "ApprenticeshipPair"),
        migrations.RenameModel("MentorshipContact", "ApprenticeshipContact"),
        migrations.RenameField("apprenticeshipcontact", "mentorship", "apprenticeship"),
        migrations.RunPython(rename_role_codes, restore_role_codes),
        migrations.AlterModelOptions(
            name='apprenticeshippair',
            options={'ordering': ['-started_on', '-id'], 'verbose_name': 'apprenticeship pair', 'verbose_name_plural': 'apprenticeship pairs'},
        ),
        migrations.AlterField(
            model_name='apprenticeshippair',
            name='mentee_teacher',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='apprenticeships', to='elders.youngteacher', verbose_name='young teacher'),
        ),
        migrations.AlterField(
            model_name='apprenticeshippair',
            name='mentor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='apprenticeships', to='elders.elder', verbose_name='mentor'),
        ),
        migrations.AlterField(
            model_name='assignment',
            name='role',
            field=models.CharField(choices=[('outside_counsellor', 'Outside-school counsellor'), ('history_speaker', 'History speaker'), ('moral_mentor', 'Moral-education mentor'), ('heart_mentor', 'Heart mentor'), ('inspector', 'Volunteer inspector'), ('club_advisor', 'Club advisor'), ('school_history', 'School history curator')], max_length=30, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='trainingsession',
            name='role',
            field=models.CharField(blank=True, choices=[('outside_counsellor', 'Outside-school counsellor'), ('history_speaker', 'History speaker'), ('moral_mentor', 'Moral-education mentor'), ('heart_mentor', 'Heart mentor'), ('inspector', 'Volunteer inspector'), ('club_advisor', 'Club advisor'), ('school_history', 'School history curator')], help_text='Induction: the role it prepares for.', max_length=30, verbose_name='for the role'),
        ),
    ]
