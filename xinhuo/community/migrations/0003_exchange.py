# The exchange part's models. Owned by that part; the chain is linear so parts never conflict.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import xinhuo.community.exchange.models
import xinhuo.core.crypto


class Migration(migrations.Migration):

    initial = False
    dependencies = [("community", "0002_bursaries"), ("core", "0008_class_graduated_in"),
                    ("activities", "0002_kinds_signups_evidence")]

    operations = [
        migrations.CreateModel(
            name='ExchangeEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('visit', 'Visit'), ('activity', 'Shared activity'), ('document', 'Document'), ('meeting', 'Meeting or training')], max_length=10, verbose_name='kind')),
                ('direction', models.CharField(blank=True, choices=[('out', 'Outgoing (we went / sent)'), ('in', 'Incoming (they came / received)')], max_length=3, verbose_name='direction')),
                ('date', models.DateField(verbose_name='date')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('participants', models.CharField(blank=True, max_length=200, verbose_name='who took part')),
                ('summary', models.TextField(blank=True, max_length=5000, verbose_name='summary')),
                ('file', models.FileField(blank=True, upload_to=xinhuo.community.exchange.models.entry_file_path, verbose_name='file')),
                ('file_name', models.CharField(blank=True, max_length=150, verbose_name='file name')),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('size', models.PositiveIntegerField(default=0)),
                ('to_handle', models.BooleanField(default=False, verbose_name='to handle')),
                ('due', models.DateField(blank=True, null=True, verbose_name='due date')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done at')),
                ('done_note', models.TextField(blank=True, max_length=1000, verbose_name='how it was handled')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='activities.activity', verbose_name='activity')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'exchange entry',
                'verbose_name_plural': 'exchange entries',
                'ordering': ['-date', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ExchangePhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', models.ImageField(upload_to=xinhuo.community.exchange.models.entry_photo_path, verbose_name='photo')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='community.exchangeentry')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'exchange photo',
                'verbose_name_plural': 'exchange photos',
                'ordering': ['uploaded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Peer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('kind', models.CharField(choices=[('sister', 'Sister school'), ('higher', 'Higher-level committee'), ('other', 'Other')], default='sister', max_length=10, verbose_name='kind')),
                ('contact_name', models.CharField(blank=True, max_length=50, verbose_name='contact person')),
                ('contact_phone', xinhuo.core.crypto.SensitiveCharField(blank=True, default='', max_length=20, verbose_name='contact phone')),
                ('since', models.DateField(blank=True, null=True, verbose_name='relation since')),
                ('note', models.TextField(blank=True, max_length=1000, verbose_name='note')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
            ],
            options={
                'verbose_name': 'peer committee',
                'verbose_name_plural': 'peer committees',
                'ordering': ['kind', 'name', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='exchangeentry',
            name='peer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='community.peer'),
        ),
        migrations.AddConstraint(
            model_name='peer',
            constraint=models.UniqueConstraint(fields=('school', 'name'), name='exchange_peer_unique_name'),
        ),
        migrations.AddIndex(
            model_name='exchangeentry',
            index=models.Index(fields=['school', 'date'], name='exchange_entry_school_date'),
        ),
        migrations.AddIndex(
            model_name='exchangeentry',
            index=models.Index(fields=['school', 'to_handle', 'done_at'], name='exchange_entry_to_handle'),
        ),
    ]
