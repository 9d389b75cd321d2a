"""Background work of events: making the schedule, run by `manage.py db_worker`.

The task takes an id only and reads the database again; progress is saved on the event
so the organiser's page shows it.
"""

from django_tasks import task


@task()
def make_schedule(*, event_id: int) -> None:
    from .services import schedule_build

    schedule_build(event_id=event_id)


@task()
def replan_after_leaving(
    *, event_id: int, employer_ids: list[int] = (), jobseeker_ids: list[int] = ()
) -> None:
    from .services import schedule_replan_after_leaving

    schedule_replan_after_leaving(
        event_id=event_id, employer_ids=employer_ids, jobseeker_ids=jobseeker_ids
    )
