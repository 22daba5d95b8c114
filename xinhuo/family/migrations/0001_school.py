# The school part's models. Owned by that part; the chain is linear so parts never conflict.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [("core", "0008_class_graduated_in"), ("people", "0006_staff_left_on_class_change"),
                    ("activities", "0002_kinds_signups_evidence"), ("elders", "0006_encrypt_sensitive_text"),
                    migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name='ParentCourse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('summary', models.TextField(blank=True, max_length=2000, verbose_name='summary')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('grades', models.ManyToManyField(blank=True, help_text='None chosen: for the parents of every grade.', related_name='+', to='core.grade', verbose_name='for grades')),
                ('organiser', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='organiser')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('term', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.term', verbose_name='term')),
            ],
            options={
                'verbose_name': 'parent-school course',
                'verbose_name_plural': 'parent-school courses',
                'ordering': ['-term__start', 'title', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='MicroLecture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('summary', models.TextField(blank=True, max_length=5000, verbose_name='summary')),
                ('media', models.FileField(blank=True, upload_to='family/school/lectures/', verbose_name='video or audio')),
                ('media_size', models.PositiveIntegerField(default=0)),
                ('link', models.URLField(blank=True, max_length=300, verbose_name='external link')),
                ('pass_mark', models.PositiveSmallIntegerField(default=80, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='pass mark (%)')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lectures', to='family.parentcourse')),
            ],
            options={
                'verbose_name': 'micro-lecture',
                'verbose_name_plural': 'micro-lectures',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CourseMaterial',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100, verbose_name='title')),
                ('file', models.FileField(upload_to='family/school/materials/', verbose_name='file')),
                ('file_name', models.CharField(max_length=200)),
                ('size', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('lecture', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='family.microlecture')),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='materials', to='family.parentcourse')),
            ],
            options={
                'verbose_name': 'course material',
                'verbose_name_plural': 'course materials',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ParentSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('topic', models.CharField(blank=True, max_length=100, verbose_name='topic')),
                ('mode', models.CharField(choices=[('on_site', 'On site'), ('online', 'Online')], default='on_site', max_length=10, verbose_name='how')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('ends_at', models.DateTimeField(verbose_name='ends at')),
                ('place', models.CharField(blank=True, max_length=100, verbose_name='place')),
                ('capacity', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='capacity')),
                ('cancelled', models.BooleanField(default=False, verbose_name='cancelled')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='family.parentcourse')),
            ],
            options={
                'verbose_name': 'parent-school session',
                'verbose_name_plural': 'parent-school sessions',
                'ordering': ['starts_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='microlecture',
            name='session',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='lectures', to='family.parentsession', verbose_name='session'),
        ),
        migrations.CreateModel(
            name='QuizQuestion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=300, verbose_name='question')),
                ('choices', models.JSONField(default=list, verbose_name='choices')),
                ('answer', models.PositiveSmallIntegerField(verbose_name='right answer')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('lecture', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='family.microlecture')),
            ],
            options={
                'verbose_name': 'quiz question',
                'verbose_name_plural': 'quiz questions',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SessionRegistration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('registered_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                ('attended_at', models.DateTimeField(blank=True, null=True)),
                ('way', models.CharField(blank=True, choices=[('on_site', 'Checked in on site'), ('walk_in', 'Walk-in, added on site'), ('video', 'Watched the micro-lecture'), ('quiz', 'Passed the quiz')], max_length=10, verbose_name='check-in')),
                ('checked_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('guardian', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.guardian')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='family.parentsession')),
                ('student', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.student', verbose_name='for the family of')),
            ],
            options={
                'verbose_name': 'session registration',
                'verbose_name_plural': 'session registrations',
                'ordering': ['registered_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SessionSpeaker',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('kind', models.CharField(choices=[('teacher', 'Teacher'), ('elder', 'Elder'), ('expert', 'Outside expert')], max_length=10, verbose_name='kind')),
                ('elder', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='elders.elder')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='speakers', to='family.parentsession')),
                ('staff', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.staff')),
            ],
            options={
                'verbose_name': 'speaker',
                'verbose_name_plural': 'speakers',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='ExcellentParent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('sessions', models.PositiveSmallIntegerField(verbose_name='sessions attended')),
                ('certificate_no', models.CharField(max_length=30, verbose_name='certificate number')),
                ('confirmed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('confirmed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('guardian', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.guardian')),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.school')),
                ('term', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.term')),
            ],
            options={
                'verbose_name': 'excellent parent learner',
                'verbose_name_plural': 'excellent parent learners',
                'ordering': ['certificate_no', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('term', 'guardian'), name='uniq_excellent_parent'), models.UniqueConstraint(fields=('school', 'certificate_no'), name='uniq_excellent_cert')],
            },
        ),
        migrations.CreateModel(
            name='LectureView',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('quiz_score', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('quiz_passed_at', models.DateTimeField(blank=True, null=True)),
                ('guardian', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.guardian')),
                ('lecture', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='views', to='family.microlecture')),
            ],
            options={
                'verbose_name': 'micro-lecture watched',
                'verbose_name_plural': 'micro-lectures watched',
                'constraints': [models.UniqueConstraint(fields=('lecture', 'guardian'), name='uniq_lecture_view')],
            },
        ),
        migrations.AddIndex(
            model_name='parentcourse',
            index=models.Index(fields=['school', 'term'], name='family_pare_school__2fe720_idx'),
        ),
        migrations.AddConstraint(
            model_name='parentsession',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='parent_session_ends_after_start'),
        ),
        migrations.AddIndex(
            model_name='sessionregistration',
            index=models.Index(fields=['guardian', 'attended_at'], name='family_sess_guardia_582ba2_idx'),
        ),
        migrations.AddIndex(
            model_name='sessionregistration',
            index=models.Index(fields=['student'], name='family_sess_student_3714e4_idx'),
        ),
        migrations.AddConstraint(
            model_name='sessionregistration',
            constraint=models.UniqueConstraint(fields=('session', 'guardian'), name='uniq_parent_session_guardian'),
        ),
    ]
