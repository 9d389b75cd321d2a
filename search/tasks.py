"""Index updates, queued after commit with ids only, run by `manage.py db_worker`."""

from django_tasks import task


@task()
def sync_portfolios(*, portfolio_ids: list[int]) -> None:
    from .indexing import portfolios_sync

    portfolios_sync(portfolio_ids)


@task()
def sync_vacancies(*, vacancy_ids: list[int]) -> None:
    from .indexing import vacancies_sync

    vacancies_sync(vacancy_ids)


@task()
def sync_people(*, user_ids: list[int]) -> None:
    from .indexing import people_sync

    people_sync(user_ids)


@task()
def alert_saved_searches(*, portfolio_ids: list[int]) -> None:
    from .alerts import saved_searches_alert

    saved_searches_alert(portfolio_ids)


@task()
def seed_saved_search(*, saved_search_id: int) -> None:
    from .alerts import saved_search_seed

    saved_search_seed(saved_search_id)


@task()
def alert_new_vacancies(*, vacancy_ids: list[int]) -> None:
    from .alerts import vacancy_alerts

    vacancy_alerts(vacancy_ids)
