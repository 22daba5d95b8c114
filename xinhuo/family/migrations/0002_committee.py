# The committee part's models. Owned by that part; the chain is linear so parts never conflict.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import xinhuo.core.crypto


class Migration(migrations.Migration):

    initial = False
    dependencies = [("family", "0001_school")]

    operations = [
        migrations.CreateModel(
            name='MutualHelpGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('purpose', models.TextField(blank=True, max_length=1000, verbose_name='purpose')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('coordinator_guardian', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.guardian', verbose_name='coordinator (a parent)')),
                ('coordinator_staff', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.staff', verbose_name='coordinator (a staff member)')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'mutual-help group',
                'verbose_name_plural': 'mutual-help groups',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='MutualHelpMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='date')),
                ('topic', models.CharField(max_length=100, verbose_name='topic')),
                ('notes', xinhuo.core.crypto.SensitiveTextField(blank=True, max_length=4000, verbose_name='notes')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='family.mutualhelpgroup')),
            ],
            options={
                'verbose_name': 'mutual-help meeting',
                'verbose_name_plural': 'mutual-help meetings',
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='MutualHelpMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('joined_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='joined on')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='left on')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='family.mutualhelpgroup')),
                ('guardian', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.guardian', verbose_name='guardian')),
            ],
            options={
                'verbose_name': 'mutual-help group member',
                'verbose_name_plural': 'mutual-help group members',
                'ordering': ['group', 'left_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ParentCommittee',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('school', 'School'), ('grade', 'Grade'), ('class', 'Class')], max_length=8, verbose_name='level')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('grade', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.grade', verbose_name='grade')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('school_class', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.schoolclass', verbose_name='class')),
                ('school_year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.schoolyear', verbose_name='school year')),
            ],
            options={
                'verbose_name': 'parent committee',
                'verbose_name_plural': 'parent committees',
                'ordering': ['school_year', 'level', 'grade__level', 'school_class__number', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CommitteeSeat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice chair'), ('secretary', 'Secretary'), ('member', 'Committee member')], default='member', max_length=12, verbose_name='position')),
                ('duties', models.CharField(blank=True, max_length=300, verbose_name='duties')),
                ('term_from', models.DateField(verbose_name='term from')),
                ('term_to', models.DateField(blank=True, null=True, verbose_name='term to')),
                ('ended_on', models.DateField(blank=True, null=True, verbose_name='left on')),
                ('end_note', xinhuo.core.crypto.SensitiveCharField(blank=True, max_length=200, verbose_name='reason for leaving')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('guardian', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.guardian', verbose_name='guardian')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='family.parentcommittee')),
            ],
            options={
                'verbose_name': 'committee member',
                'verbose_name_plural': 'committee members',
                'ordering': ['committee', 'ended_on', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CommitteeMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('held_on', models.DateField(verbose_name='date')),
                ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                ('topics', models.TextField(blank=True, max_length=1000, verbose_name='topics')),
                ('minutes', xinhuo.core.crypto.SensitiveTextField(blank=True, max_length=8000, verbose_name='minutes')),
                ('resolutions', models.TextField(blank=True, max_length=2000, verbose_name='resolutions')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved')], default='draft', max_length=10, verbose_name='status')),
                ('approved_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('attendees', models.ManyToManyField(blank=True, related_name='+', to='family.committeeseat', verbose_name='present')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='family.parentcommittee')),
            ],
            options={
                'verbose_name': 'committee meeting',
                'verbose_name_plural': 'committee meetings',
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='mutualhelpgroup',
            constraint=models.UniqueConstraint(fields=('school', 'name'), name='family_mutual_help_name'),
        ),
        migrations.AddConstraint(
            model_name='mutualhelpmember',
            constraint=models.UniqueConstraint(condition=models.Q(('left_on__isnull', True)), fields=('group', 'guardian'), name='family_mutual_help_one_member'),
        ),
        migrations.AddConstraint(
            model_name='parentcommittee',
            constraint=models.UniqueConstraint(condition=models.Q(('level', 'school')), fields=('school_year',), name='family_committee_one_school'),
        ),
        migrations.AddConstraint(
            model_name='parentcommittee',
            constraint=models.UniqueConstraint(condition=models.Q(('level', 'grade')), fields=('school_year', 'grade'), name='family_committee_one_grade'),
        ),
        migrations.AddConstraint(
            model_name='parentcommittee',
            constraint=models.UniqueConstraint(condition=models.Q(('level', 'class')), fields=('school_year', 'school_class'), name='family_committee_one_class'),
        ),
        migrations.AddConstraint(
            model_name='committeeseat',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True)), fields=('committee', 'guardian'), name='family_seat_one_per_guardian'),
        ),
        migrations.AddConstraint(
            model_name='committeeseat',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_on__isnull', True), ('position__in', ['chair', 'secretary'])), fields=('committee', 'position'), name='family_seat_single_position'),
        ),
    ]
