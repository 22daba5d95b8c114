# A parent meeting (家长会) is an activity of its own kind, beside the parent open day (issue 15, FAM-3).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0002_kinds_signups_evidence'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activity',
            name='kind',
            field=models.CharField(choices=[('flag_ceremony', 'Flag ceremony and speech'), ('study_trip', 'Red-culture study trip'), ('story_contest', 'Story contest'), ('lecture', 'Lecture (law, safety, psychology)'), ('drill', 'Emergency drill'), ('volunteer', 'Volunteer service'), ('labour', 'Labour practice'), ('science', 'Science and maker event'), ('club_event', 'Club event'), ('festival', 'Festival'), ('parent_day', 'Parent open day'), ('parent_meeting', 'Parent meeting'), ('community', 'Community service'), ('other', 'Other')], max_length=16, verbose_name='kind'),
        ),
    ]
