# The partners part's models. Owned by that part; the chain is linear so parts never conflict.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import xinhuo.community.partners.models
import xinhuo.core.crypto


class Migration(migrations.Migration):

    initial = True
    dependencies = [("core", "0008_class_graduated_in"), ("people", "0006_staff_left_on_class_change"), ("activities", "0002_kinds_signups_evidence"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.CreateModel(
            name='JointMeeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                ('topics', models.TextField(max_length=2000, verbose_name='topics')),
                ('minutes', models.TextField(blank=True, max_length=5000, verbose_name='minutes')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'joint meeting',
                'verbose_name_plural': 'joint meetings',
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=200, verbose_name='item')),
                ('owner', models.CharField(blank=True, max_length=50, verbose_name='owner')),
                ('done', models.BooleanField(default=False, verbose_name='done')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followups', to='community.jointmeeting')),
            ],
            options={
                'verbose_name': 'follow-up item',
                'verbose_name_plural': 'follow-up items',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('community', 'Community'), ('red_base', 'Red education base'), ('museum', 'Museum'), ('company', 'Company'), ('military', 'Military unit'), ('university', 'University'), ('other', 'Other')], max_length=12, verbose_name='kind')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('name_initials', models.CharField(blank=True, editable=False, max_length=100)),
                ('address', models.CharField(blank=True, max_length=200, verbose_name='address')),
                ('offers', models.TextField(blank=True, max_length=2000, verbose_name='what they offer')),
                ('is_base', models.BooleanField(default=False, verbose_name='practice base')),
                ('status', models.CharField(choices=[('active', 'Active'), ('paused', 'Paused'), ('ended', 'Ended')], default='active', max_length=8, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'partner',
                'verbose_name_plural': 'partners',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='jointmeeting',
            name='partners',
            field=models.ManyToManyField(related_name='meetings', to='community.partner', verbose_name='partners present'),
        ),
        migrations.CreateModel(
            name='Agreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('school_duties', models.TextField(blank=True, max_length=4000, verbose_name="the school's duties")),
                ('partner_duties', models.TextField(blank=True, max_length=4000, verbose_name="the partner's duties")),
                ('content', models.TextField(blank=True, max_length=5000, verbose_name='content')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(verbose_name='to')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                ('file', models.FileField(blank=True, upload_to=xinhuo.community.partners.models.agreement_file_path, verbose_name='signed file')),
                ('file_name', models.CharField(blank=True, max_length=150)),
                ('file_type', models.CharField(blank=True, max_length=100)),
                ('file_size', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('in_force', 'In force'), ('expired', 'Expired'), ('renewed', 'Renewed'), ('terminated', 'Terminated')], default='in_force', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('renews', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='renewals', to='community.agreement', verbose_name='renews')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agreements', to='community.partner')),
            ],
            options={
                'verbose_name': 'co-building agreement',
                'verbose_name_plural': 'co-building agreements',
                'ordering': ['ends_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ActivityBase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('linked_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('activity', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='activities.activity')),
                ('linked_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activity_links', to='community.partner')),
            ],
            options={
                'verbose_name': 'activity base',
                'verbose_name_plural': 'activity bases',
            },
        ),
        migrations.CreateModel(
            name='PartnerContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('position', models.CharField(blank=True, max_length=50, verbose_name='position')),
                ('phone', xinhuo.core.crypto.SensitiveCharField(blank=True, max_length=30, verbose_name='phone')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='community.partner')),
            ],
            options={
                'verbose_name': 'partner contact',
                'verbose_name_plural': 'partner contacts',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Resource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('museum', 'Museum'), ('library', 'Library'), ('science', 'Science centre'), ('youth_palace', 'Youth palace'), ('psychological', 'Psychological service'), ('legal', 'Legal service'), ('medical', 'Medical service'), ('ngo', 'Social organisation'), ('company', 'Company'), ('government', 'Public body'), ('other', 'Other')], max_length=14, verbose_name='type')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('name_initials', models.CharField(blank=True, editable=False, max_length=100)),
                ('services', models.CharField(blank=True, max_length=500, verbose_name='services')),
                ('audience', models.CharField(blank=True, max_length=200, verbose_name='audience')),
                ('cooperation', models.CharField(blank=True, max_length=200, verbose_name='cooperation mode')),
                ('contact_name', models.CharField(blank=True, max_length=50, verbose_name='contact')),
                ('contact_phone', xinhuo.core.crypto.SensitiveCharField(blank=True, max_length=30, verbose_name='contact phone')),
                ('location', models.CharField(blank=True, max_length=200, verbose_name='location')),
                ('status', models.CharField(choices=[('active', 'Active'), ('inactive', 'Not in use')], default='active', max_length=8, verbose_name='status')),
                ('last_contact_on', models.DateField(blank=True, null=True, verbose_name='last contact')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'social resource',
                'verbose_name_plural': 'social resources',
                'ordering': ['kind', 'name', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='partner',
            constraint=models.UniqueConstraint(fields=('school', 'name'), name='partners_partner_unique_name'),
        ),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(fields=['school', 'status', 'ends_on'], name='partners_agreement_due'),
        ),
        migrations.AddConstraint(
            model_name='resource',
            constraint=models.UniqueConstraint(fields=('school', 'name'), name='partners_resource_unique_name'),
        ),
    ]
