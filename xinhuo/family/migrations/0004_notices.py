# The notices part's models. Owned by that part; the chain is linear so parts never conflict.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import xinhuo.core.crypto
import xinhuo.family.notices.models


class Migration(migrations.Migration):

    initial = False
    dependencies = [("family", "0003_volunteers"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
    operations = [
        migrations.CreateModel(
            name='FamilyNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signed', models.CharField(blank=True, max_length=50, verbose_name='signed')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('body', models.TextField(max_length=5000, verbose_name='text')),
                ('audience', models.CharField(choices=[('school', 'The whole school'), ('grades', 'Grades'), ('classes', 'Classes'), ('families', 'Chosen families')], max_length=10, verbose_name='audience')),
                ('reply_kind', models.CharField(choices=[('none', 'No reply'), ('yes_no', 'Yes or no'), ('form', 'A short form')], default='none', max_length=10, verbose_name='reply')),
                ('questions', models.JSONField(blank=True, default=list, verbose_name='questions')),
                ('reply_deadline', models.DateTimeField(blank=True, null=True, verbose_name='reply deadline')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('sending', 'Sending'), ('sent', 'Sent')], default='draft', max_length=10, verbose_name='status')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='families')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='families delivered')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered at')),
                ('reminded_on', models.DateField(blank=True, null=True, verbose_name='last reminded on')),
                ('claimed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('classes', models.ManyToManyField(blank=True, related_name='+', to='core.schoolclass', verbose_name='classes')),
                ('grades', models.ManyToManyField(blank=True, related_name='+', to='core.grade', verbose_name='grades')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('sender', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('students', models.ManyToManyField(blank=True, related_name='+', to='people.student', verbose_name='chosen families')),
            ],
            options={
                'verbose_name': 'notice to families',
                'verbose_name_plural': 'notices to families',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='FamilyNoticeAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=xinhuo.family.notices.models.notice_file_path, verbose_name='file')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('size', models.PositiveIntegerField(default=0)),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='family.familynotice')),
            ],
            options={
                'verbose_name': 'notice attachment',
                'verbose_name_plural': 'notice attachments',
                'ordering': ['uploaded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='FamilyNoticeRecipient',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('accounts', models.PositiveSmallIntegerField(default=0, verbose_name='guardians with an account')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('agree', models.BooleanField(blank=True, null=True, verbose_name='answer')),
                ('answers', xinhuo.core.crypto.SensitiveTextField(blank=True, max_length=4000, verbose_name='answers')),
                ('replied_at', models.DateTimeField(blank=True, null=True, verbose_name='replied at')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recipients', to='family.familynotice')),
                ('read_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('replied_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('school_class', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.schoolclass')),
                ('student', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.student')),
            ],
            options={
                'verbose_name': 'notice recipient',
                'verbose_name_plural': 'notice recipients',
                'ordering': ['school_class__grade__level', 'school_class__number', 'student__student_no', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='FamilyThread',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', xinhuo.core.crypto.SensitiveCharField(max_length=100, verbose_name='subject')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('last_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('started_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('student', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.student')),
            ],
            options={
                'verbose_name': 'family message thread',
                'verbose_name_plural': 'family message threads',
                'ordering': ['-last_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='FamilyMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('side', models.CharField(choices=[('school', 'School'), ('family', 'Family')], max_length=10, verbose_name='side')),
                ('body', xinhuo.core.crypto.SensitiveTextField(max_length=2000, verbose_name='message')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('read_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='family.familythread')),
            ],
            options={
                'verbose_name': 'family message',
                'verbose_name_plural': 'family messages',
                'ordering': ['sent_at', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='familynotice',
            index=models.Index(fields=['school', 'status', 'created_at'], name='family_fami_school__a7d218_idx'),
        ),
        migrations.AddIndex(
            model_name='familynoticerecipient',
            index=models.Index(fields=['notice', 'read_at'], name='family_fami_notice__81f29d_idx'),
        ),
        migrations.AddIndex(
            model_name='familynoticerecipient',
            index=models.Index(fields=['notice', 'replied_at'], name='family_fami_notice__f8a6c6_idx'),
        ),
        migrations.AddConstraint(
            model_name='familynoticerecipient',
            constraint=models.UniqueConstraint(fields=('notice', 'student'), name='uniq_notice_family'),
        ),
        migrations.AddIndex(
            model_name='familythread',
            index=models.Index(fields=['school', 'student'], name='family_fami_school__342f22_idx'),
        ),
        migrations.AddIndex(
            model_name='familymessage',
            index=models.Index(fields=['thread', 'side', 'read_at'], name='family_fami_thread__284281_idx'),
        ),
    ]
