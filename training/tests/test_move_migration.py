"""Moving the training models from `intermediaries` to `training` (issue 18) keeps the data.

The migrations only change Django's state: an existing database, migrated from the head
before the move to the head after it, keeps every trajectory with its goals, comments,
modules (and their skills), assessments and progress reports, and the content types keep
their ids, so permissions and log entries that point at them still do.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.accounts.factories import UserFactory
from portal.organisations.factories import OrganisationFactory
from portal.organisations.models import OrganisationKind
from portfolios.factories import skill_concept
from training.models import (
    DevelopmentGoal,
    GoalComment,
    SkillAssessment,
    TrainingModule,
    Trajectory,
)

BEFORE_THE_MOVE = [("intermediaries", "0011_merge_pso_and_generated_files"), ("training", None)]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def _leaf_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_migrating_an_existing_database_keeps_trajectories_goals_and_their_links():
    jobseeker = UserFactory()
    coach = UserFactory()
    centre = OrganisationFactory(kind=OrganisationKind.TRAINING_CENTRE)
    forklift = skill_concept("heftruck rijden")
    try:
        _migrate(BEFORE_THE_MOVE)
        loader = MigrationExecutor(connection).loader
        applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
        old = loader.project_state(applied).apps
        assert ("training", "0001_initial") not in loader.applied_migrations
        OldTrajectory = old.get_model("intermediaries", "Trajectory")
        trajectory = OldTrajectory.objects.create(
            jobseeker_id=jobseeker.pk,
            organisation_id=centre.pk,
            coach_id=coach.pk,
            start_date=date(2026, 9, 1),
        )
        goal = old.get_model("intermediaries", "DevelopmentGoal").objects.create(
            trajectory=trajectory, text="Zelfstandig heftruck rijden", concept_id=forklift.pk
        )
        old.get_model("intermediaries", "GoalComment").objects.create(
            goal=goal, author_id=jobseeker.pk, text="Het gaat al beter."
        )
        module = old.get_model("intermediaries", "TrainingModule").objects.create(
            trajectory=trajectory, name="Heftruckcertificaat"
        )
        module.skills.add(forklift.pk)
        old.get_model("intermediaries", "SkillAssessment").objects.create(
            jobseeker_id=jobseeker.pk,
            concept_id=forklift.pk,
            level=3,
            assessed_on=date(2026, 10, 1),
            organisation_id=centre.pk,
        )
        OldContentType = old.get_model("contenttypes", "ContentType")
        trajectory_type = OldContentType.objects.get(app_label="intermediaries", model="trajectory")
        change_trajectory = Permission.objects.get(
            content_type_id=trajectory_type.pk, codename="change_trajectory"
        )
    finally:
        _migrate(_leaf_nodes())

    moved = Trajectory.objects.get(pk=trajectory.pk)
    assert (moved.jobseeker, moved.organisation, moved.coach) == (jobseeker, centre, coach)
    assert [g.text for g in moved.goals.all()] == ["Zelfstandig heftruck rijden"]
    assert DevelopmentGoal.objects.get(pk=goal.pk).concept == forklift
    assert [c.text for c in GoalComment.objects.filter(goal_id=goal.pk)] == ["Het gaat al beter."]
    assert list(TrainingModule.objects.get(pk=module.pk).skills.all()) == [forklift]
    assert SkillAssessment.objects.get(jobseeker=jobseeker).level == 3
    # The content type moved with its id, so its permission (and all else on it) follows.
    # (Read from the table, not the cache; clearing the cache would leave it cold for the
    # next test's restore of the serialized rows, which Wagtail's models read it in.)
    assert (
        ContentType.objects.get(app_label="training", model="trajectory").pk == trajectory_type.pk
    )
    assert Permission.objects.get(pk=change_trajectory.pk).content_type.app_label == "training"
    assert not ContentType.objects.filter(app_label="intermediaries", model="trajectory").exists()
