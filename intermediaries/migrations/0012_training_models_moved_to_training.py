"""The training centres' models moved to the `training` app (issue 18): state only.

Django forgets them here while `training.0001_initial` learns them, with `db_table` set to
the tables they have always had; no table, column, key or index is touched, so every row
stays where it is. `training.0002` moves their content types (and so their permissions and
anything else that points at a content type) to the new app label.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('intermediaries', '0011_merge_pso_and_generated_files'),
        ('training', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='goalcomment',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='goalcomment',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='progressreport',
                    name='jobseeker',
                ),
                migrations.RemoveField(
                    model_name='progressreport',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='progressreport',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='skillassessment',
                    name='assessed_by',
                ),
                migrations.RemoveField(
                    model_name='skillassessment',
                    name='concept',
                ),
                migrations.RemoveField(
                    model_name='skillassessment',
                    name='jobseeker',
                ),
                migrations.RemoveField(
                    model_name='skillassessment',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='trainingmodule',
                    name='skills',
                ),
                migrations.RemoveField(
                    model_name='trainingmodule',
                    name='trajectory',
                ),
                migrations.RemoveField(
                    model_name='trajectory',
                    name='coach',
                ),
                migrations.RemoveField(
                    model_name='trajectory',
                    name='jobseeker',
                ),
                migrations.RemoveField(
                    model_name='trajectory',
                    name='organisation',
                ),
                migrations.DeleteModel(
                    name='DevelopmentGoal',
                ),
                migrations.DeleteModel(
                    name='GoalComment',
                ),
                migrations.DeleteModel(
                    name='ProgressReport',
                ),
                migrations.DeleteModel(
                    name='SkillAssessment',
                ),
                migrations.DeleteModel(
                    name='TrainingModule',
                ),
                migrations.DeleteModel(
                    name='Trajectory',
                ),
            ],
        ),
    ]
