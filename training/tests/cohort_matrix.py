"""Objects the permission-matrix rows of cohorts and progress reports need
(tests/test_permission_matrix.py): the world's jobseeker enrolled at the world's centre."""

from datetime import date

from django.urls import reverse

from tests.conftest import World
from training.models import Trajectory
from training.progress_reports import progress_report_build, progress_report_request
from training.services import trajectory_enrol


def enrolled(world: World) -> Trajectory:
    """The world's jobseeker in a trajectory at the world's training centre, coached by its coach."""
    trajectory = Trajectory.objects.filter(
        jobseeker=world.jobseeker, organisation=world.training_centre
    ).first()
    return trajectory or trajectory_enrol(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        start_date=date.today().replace(day=1),
        coach=world.coach,
    )


def jobseeker_pk(world: World) -> int:
    return enrolled(world).jobseeker_id


def own_request_url(world: World) -> str:
    """Where the enrolled jobseeker asks for their own report."""
    enrolled(world)
    return reverse("my_progress_report_request")


def staff_report(world: World) -> str:
    """A rendered report of the jobseeker that the centre's training staff asked for."""
    enrolled(world)
    report = progress_report_request(
        jobseeker=world.jobseeker,
        organisation=world.training_centre,
        by=world.training_staff,
        language="nl",
    )
    progress_report_build(report_id=report.pk)
    return str(report.public_id)


def own_report(world: World) -> str:
    """A rendered report the jobseeker asked for of their own progress."""
    enrolled(world)
    report = progress_report_request(
        jobseeker=world.jobseeker, organisation=None, by=world.jobseeker, language="nl"
    )
    progress_report_build(report_id=report.pk)
    return str(report.public_id)
