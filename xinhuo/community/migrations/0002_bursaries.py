# The bursaries part's models (COM-3). Owned by that part; the chain is linear so parts never conflict.

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import xinhuo.community.bursaries.models
import xinhuo.core.crypto


class Migration(migrations.Migration):

    initial = False
    dependencies = [
        ("community", "0001_partners"),
        ("core", "0008_class_graduated_in"),
        ("people", "0006_staff_left_on_class_change"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Donor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('person', 'Person'), ('organisation', 'Organisation')], default='person', max_length=12, verbose_name='kind')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('contact_person', models.CharField(blank=True, max_length=50, verbose_name='contact person')),
                ('phone', xinhuo.core.crypto.SensitiveCharField(blank=True, max_length=20, verbose_name='phone')),
                ('named_publicly', models.BooleanField(default=False, verbose_name='agrees to be named publicly')),
                ('note', xinhuo.core.crypto.SensitiveTextField(blank=True, max_length=1000, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'donor',
                'verbose_name_plural': 'donors',
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Fund',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('purpose', models.TextField(blank=True, max_length=1000, verbose_name='purpose')),
                ('group_codes', models.JSONField(blank=True, default=list, verbose_name='only students of the special groups')),
                ('grade_min', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='from grade')),
                ('grade_max', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='to grade')),
                ('max_per_student_year', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, verbose_name='at most per student and school year (yuan)')),
                ('status', models.CharField(choices=[('open', 'Open'), ('closed', 'Closed')], default='open', max_length=8, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('donor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='funds', to='community.donor', verbose_name='donor')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'fund',
                'verbose_name_plural': 'funds',
                'ordering': ['status', 'name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Donation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='amount (yuan)')),
                ('reference', models.CharField(blank=True, max_length=100, verbose_name='reference')),
                ('receipt', models.FileField(blank=True, upload_to=xinhuo.community.bursaries.models.receipt_path, verbose_name='receipt')),
                ('receipt_name', models.CharField(blank=True, max_length=150, verbose_name='receipt file name')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('fund', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='donations', to='community.fund', verbose_name='fund')),
            ],
            options={
                'verbose_name': 'donation',
                'verbose_name_plural': 'donations',
                'ordering': ['received_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Grant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('erased_label', models.CharField(blank=True, max_length=50, verbose_name='erased student')),
                ('grade_level', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='grade')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='amount (yuan)')),
                ('granted_on', models.DateField(verbose_name='date')),
                ('reason', xinhuo.core.crypto.SensitiveTextField(max_length=1000, verbose_name='reason')),
                ('groups_snapshot', xinhuo.core.crypto.SensitiveCharField(blank=True, max_length=200, verbose_name='special groups at application')),
                ('status', models.CharField(choices=[('applied', 'Waiting for approval'), ('approved', 'Approved'), ('returned', 'Returned for changes'), ('rejected', 'Rejected'), ('paid', 'Paid')], default='applied', max_length=10, verbose_name='status')),
                ('paid_on', models.DateField(blank=True, null=True, verbose_name='paid on')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('fund', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grants', to='community.fund', verbose_name='fund')),
                ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('student', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.student', verbose_name='student')),
            ],
            options={
                'verbose_name': 'bursary grant',
                'verbose_name_plural': 'bursary grants',
                'ordering': ['-granted_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='GrantStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('from_status', models.CharField(blank=True, choices=[('applied', 'Waiting for approval'), ('approved', 'Approved'), ('returned', 'Returned for changes'), ('rejected', 'Rejected'), ('paid', 'Paid')], max_length=10, verbose_name='from status')),
                ('to_status', models.CharField(choices=[('applied', 'Waiting for approval'), ('approved', 'Approved'), ('returned', 'Returned for changes'), ('rejected', 'Rejected'), ('paid', 'Paid')], max_length=10, verbose_name='to status')),
                ('comment', xinhuo.core.crypto.SensitiveTextField(blank=True, max_length=1000, verbose_name='comment')),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('grant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='community.grant')),
            ],
            options={
                'verbose_name': 'grant step',
                'verbose_name_plural': 'grant steps',
                'ordering': ['at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='fund',
            constraint=models.UniqueConstraint(fields=('school', 'name'), name='uniq_bursary_fund_name'),
        ),
        migrations.AddConstraint(
            model_name='donation',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', Decimal('0'))), name='bursary_donation_positive'),
        ),
        migrations.AddIndex(
            model_name='grant',
            index=models.Index(fields=['school', 'status'], name='community_g_school__4e4424_idx'),
        ),
        migrations.AddIndex(
            model_name='grant',
            index=models.Index(fields=['fund', 'status'], name='community_g_fund_id_a6b37c_idx'),
        ),
        migrations.AddConstraint(
            model_name='grant',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', Decimal('0'))), name='bursary_grant_positive'),
        ),
    ]
