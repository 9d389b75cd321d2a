"""The training centres' models, taken over from `intermediaries` (issue 18): state only.

The tables already exist (made by `intermediaries.0002`-`0010`) and keep their names through
each model's `db_table`, so this migration creates nothing in the database and an existing
database keeps every row. `intermediaries.0012` forgets the models there.
"""

import datetime
import django.db.models.deletion
import django.utils.timezone
import portal.generated_files
import portal.storage
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('intermediaries', '0011_merge_pso_and_generated_files'),
        ('organisations', '0002_membership_labels'),
        ('taxonomy', '0003_concept_changed_on_label'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DevelopmentGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300, verbose_name='goal')),
                        ('target_level', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'I am learning it'), (2, 'I can do it with help'), (3, 'I can do it on my own'), (4, 'I can teach it')], null=True, verbose_name='target level')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('reached', 'Reached'), ('dropped', 'Dropped')], default='open', max_length=16, verbose_name='status')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('concept', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='taxonomy.concept', verbose_name='skill')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'development goal',
                        'verbose_name_plural': 'development goals',
                        'db_table': 'intermediaries_developmentgoal',
                        'ordering': ['due_date', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='GoalComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='comment')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='training.developmentgoal')),
                    ],
                    options={
                        'verbose_name': 'comment',
                        'verbose_name_plural': 'comments',
                        'db_table': 'intermediaries_goalcomment',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ProgressReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('status', models.CharField(choices=[('pending', 'Waiting'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=16)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('file', models.FileField(blank=True, storage=portal.storage.private_storage, upload_to=portal.generated_files.generated_file_name)),
                        ('error', models.CharField(blank=True, max_length=200)),
                        ('render_ms', models.PositiveIntegerField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('language', models.CharField(max_length=8)),
                        ('jobseeker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_reports', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='progress_reports', to='organisations.organisation')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'progress report',
                        'verbose_name_plural': 'progress reports',
                        'db_table': 'intermediaries_progressreport',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Trajectory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('start_date', models.DateField(verbose_name='start date')),
                        ('planned_end_date', models.DateField(blank=True, null=True, verbose_name='planned end date')),
                        ('status', models.CharField(choices=[('intake', 'Intake'), ('training', 'Training'), ('job_hunting', 'Looking for work'), ('placed', 'Placed'), ('ended', 'Ended')], default='intake', max_length=16, verbose_name='status')),
                        ('ended_reason', models.CharField(blank=True, max_length=300, verbose_name='reason for ending')),
                        ('ended_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('coach', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='coached_trajectories', to=settings.AUTH_USER_MODEL, verbose_name='coach')),
                        ('jobseeker', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='trajectories', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='trajectories', to='organisations.organisation', verbose_name='training centre')),
                    ],
                    options={
                        'verbose_name': 'trajectory',
                        'verbose_name_plural': 'trajectories',
                        'db_table': 'intermediaries_trajectory',
                        'ordering': ['-start_date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='TrainingModule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('provider', models.CharField(blank=True, max_length=200, verbose_name='provider')),
                        ('hours', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='hours')),
                        ('certificate', models.BooleanField(default=False, verbose_name='gives a certificate')),
                        ('planned_date', models.DateField(blank=True, null=True, verbose_name='planned date')),
                        ('completed_date', models.DateField(blank=True, null=True, verbose_name='completed on')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('completed', 'Completed')], default='planned', max_length=16, verbose_name='status')),
                        ('skills', models.ManyToManyField(blank=True, related_name='+', to='taxonomy.concept', verbose_name='skills')),
                        ('trajectory', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='modules', to='training.trajectory')),
                    ],
                    options={
                        'verbose_name': 'training module',
                        'verbose_name_plural': 'training modules',
                        'db_table': 'intermediaries_trainingmodule',
                        'ordering': ['planned_date', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='developmentgoal',
                    name='trajectory',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='training.trajectory'),
                ),
                migrations.CreateModel(
                    name='SkillAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.PositiveSmallIntegerField(choices=[(1, 'I am learning it'), (2, 'I can do it with help'), (3, 'I can do it on my own'), (4, 'I can teach it')], verbose_name='assessed level')),
                        ('assessed_on', models.DateField(verbose_name='date')),
                        ('observation', models.CharField(blank=True, max_length=500, verbose_name='observation')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('assessed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('concept', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='taxonomy.concept', verbose_name='skill')),
                        ('jobseeker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='skill_assessments', to=settings.AUTH_USER_MODEL)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='skill_assessments', to='organisations.organisation')),
                    ],
                    options={
                        'verbose_name': 'skill assessment',
                        'verbose_name_plural': 'skill assessments',
                        'db_table': 'intermediaries_skillassessment',
                        'ordering': ['-assessed_on', '-id'],
                        'indexes': [models.Index(fields=['jobseeker', 'concept', '-assessed_on'], name='intermediar_jobseek_577ba3_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('assessed_on__isnull', True), models.Q(('assessed_on__gte', datetime.date(1900, 1, 1)), ('assessed_on__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='skill_assessment_date_plausible'), models.CheckConstraint(condition=models.Q(('level__gte', 1), ('level__lte', 4)), name='skill_assessment_level_1_to_4')],
                    },
                ),
                migrations.AddIndex(
                    model_name='trajectory',
                    index=models.Index(fields=['organisation', 'start_date'], name='intermediar_organis_ce917a_idx'),
                ),
                migrations.AddIndex(
                    model_name='trajectory',
                    index=models.Index(fields=['jobseeker', 'status'], name='intermediar_jobseek_aa0cb5_idx'),
                ),
                migrations.AddConstraint(
                    model_name='trajectory',
                    constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), models.Q(('start_date__gte', datetime.date(1900, 1, 1)), ('start_date__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='trajectory_start_date_plausible'),
                ),
                migrations.AddConstraint(
                    model_name='trajectory',
                    constraint=models.CheckConstraint(condition=models.Q(('planned_end_date__isnull', True), models.Q(('planned_end_date__gte', datetime.date(1900, 1, 1)), ('planned_end_date__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='trajectory_planned_end_plausible'),
                ),
                migrations.AddConstraint(
                    model_name='trajectory',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'ended'), _negated=True), models.Q(('ended_reason', ''), _negated=True), _connector='OR'), name='ended_trajectory_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='trajectory',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'ended'), _negated=True), fields=('jobseeker', 'organisation'), name='one_running_trajectory_per_centre'),
                ),
                migrations.AddConstraint(
                    model_name='trainingmodule',
                    constraint=models.CheckConstraint(condition=models.Q(('planned_date__isnull', True), models.Q(('planned_date__gte', datetime.date(1900, 1, 1)), ('planned_date__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='module_planned_date_plausible'),
                ),
                migrations.AddConstraint(
                    model_name='trainingmodule',
                    constraint=models.CheckConstraint(condition=models.Q(('completed_date__isnull', True), models.Q(('completed_date__gte', datetime.date(1900, 1, 1)), ('completed_date__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='module_completed_date_plausible'),
                ),
                migrations.AddConstraint(
                    model_name='developmentgoal',
                    constraint=models.CheckConstraint(condition=models.Q(('due_date__isnull', True), models.Q(('due_date__gte', datetime.date(1900, 1, 1)), ('due_date__lte', datetime.date(2199, 12, 31))), _connector='OR'), name='goal_due_date_plausible'),
                ),
            ],
        ),
    ]
