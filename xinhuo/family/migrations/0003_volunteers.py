# The volunteers part's models. Owned by that part; the chain is linear so parts never conflict.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = False
    dependencies = [
        ("family", "0002_committee"),
        ("activities", "0003_parent_meeting_kind"),
        ("people", "0006_staff_left_on_class_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='VolunteerRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('teaching', 'Teaching assistant'), ('patrol', 'Safety patrol'), ('support', 'Event support'), ('trip', 'Trip escort'), ('medical', 'First aid'), ('publicity', 'Photography and publicity'), ('talk', 'Career and expert talks'), ('other', 'Other')], max_length=12, verbose_name='duty')),
                ('needed', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='volunteers needed')),
                ('starts_at', models.DateTimeField(verbose_name='duty starts')),
                ('ends_at', models.DateTimeField(verbose_name='duty ends')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='what the volunteers do')),
                ('open_to_all', models.BooleanField(default=False, verbose_name='open to all volunteers of the audience')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('hours_confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='hours confirmed at')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='activities.activity', verbose_name='activity')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('hours_confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'volunteer request',
                'verbose_name_plural': 'volunteer requests',
                'ordering': ['starts_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='VolunteerResponse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('invited', 'Invited, no answer yet'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='invited', max_length=10, verbose_name='status')),
                ('invited_at', models.DateTimeField(blank=True, null=True)),
                ('responded_at', models.DateTimeField(blank=True, null=True)),
                ('served', models.BooleanField(blank=True, null=True, verbose_name='served')),
                ('hours', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, verbose_name='service hours credited')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('guardian', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.guardian')),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='responses', to='family.volunteerrequest')),
            ],
            options={
                'verbose_name': 'volunteer response',
                'verbose_name_plural': 'volunteer responses',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='VolunteerOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kinds', models.CharField(max_length=120, verbose_name='kinds of duty')),
                ('skills', models.CharField(blank=True, max_length=200, verbose_name='skills')),
                ('weekdays', models.CharField(blank=True, max_length=7, verbose_name='days available')),
                ('times', models.CharField(blank=True, max_length=100, verbose_name='times available')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('guardian', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='volunteer_offer', to='people.guardian', verbose_name='parent')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'volunteer offer',
                'verbose_name_plural': 'volunteer offers',
                'ordering': ['pk'],
                'indexes': [models.Index(fields=['school', 'active'], name='family_volu_school__02765c_idx')],
            },
        ),
        migrations.AddIndex(
            model_name='volunteerrequest',
            index=models.Index(fields=['school', 'starts_at'], name='family_volu_school__0dbd14_idx'),
        ),
        migrations.AddIndex(
            model_name='volunteerrequest',
            index=models.Index(fields=['activity', 'starts_at'], name='family_volu_activit_4952e3_idx'),
        ),
        migrations.AddConstraint(
            model_name='volunteerrequest',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='volunteer_request_ends_after_start'),
        ),
        migrations.AddIndex(
            model_name='volunteerresponse',
            index=models.Index(fields=['guardian', 'status'], name='family_volu_guardia_6ef1d7_idx'),
        ),
        migrations.AddIndex(
            model_name='volunteerresponse',
            index=models.Index(fields=['request', 'status'], name='family_volu_request_6d78c6_idx'),
        ),
        migrations.AddConstraint(
            model_name='volunteerresponse',
            constraint=models.UniqueConstraint(fields=('request', 'guardian'), name='uniq_volunteer_response'),
        ),
    ]
