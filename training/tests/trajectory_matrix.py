"""Objects the permission-matrix rows for trajectory URLs need (tests/test_permission_matrix.py)."""

from datetime import date

from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from tests.conftest import make_user
from training.models import DevelopmentGoal, TrainingModule, Trajectory
from training.services import goal_create, module_plan, trajectory_enrol

START = date(2026, 1, 5)


def trajectory(world) -> Trajectory:
    """The world's jobseeker in a running trajectory at the world's training centre."""
    running = Trajectory.objects.filter(
        jobseeker=world.jobseeker, organisation=world.training_centre
    ).first()
    return running or trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=START,
        coach=world.coach,
    )


def args(world, *extra) -> list:
    return [world.training_centre.slug, trajectory(world).pk, *extra]


def goal(world) -> DevelopmentGoal:
    return goal_create(
        trajectory=trajectory(world), by=world.training_staff, text="Ik rijd zelf heftruck"
    )


def module(world) -> TrainingModule:
    return module_plan(trajectory=trajectory(world), by=world.training_staff, name="VCA basis")


def other_centre_args(world) -> list:
    """A trajectory at another training centre, where nobody of the world works."""
    centre = organisation_create(
        name="Leerwerkcentrum Veenkoloniën",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
    )
    staff = make_user("staff-veenkolonien@example.nl", "Greet")
    person = make_user("deelnemer-veenkolonien@example.nl", "Jan")
    membership_create(user=staff, organisation=centre, role=Role.TRAINING_STAFF)
    membership_create(user=person, organisation=centre, role=Role.JOBSEEKER)
    elsewhere = trajectory_enrol(jobseeker=person, organisation=centre, by=staff, start_date=START)
    return [centre.slug, elsewhere.pk]
