"""Listen to the domain apps' "changed" signals (all sent after commit) and queue indexing."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.organisations.signals import membership_changed, organisation_changed
from portal.taxonomy.models import Concept, ConceptBroader, OccupationSkill
from portfolios.signals import portfolio_visibility_changed
from vacancies.signals import vacancies_changed, vacancy_changed

from . import bridges
from .builders import portfolio_ids_in, portfolio_ids_of, vacancy_ids_of
from .tasks import (
    alert_new_vacancies,
    alert_saved_searches,
    sync_portfolios,
    sync_vacancies,
)


@receiver(portfolio_visibility_changed)
def portfolio_changed(sender, *, portfolio_id: int, **kwargs) -> None:
    sync_portfolios.enqueue(portfolio_ids=[portfolio_id])
    # Newly shared or changed: someone's saved search may match them now.
    alert_saved_searches.enqueue(portfolio_ids=[portfolio_id])


@receiver(membership_changed)
def member_changed(sender, *, user_id: int, **kwargs) -> None:
    portfolio_ids = portfolio_ids_of([user_id])
    if portfolio_ids:
        sync_portfolios.enqueue(portfolio_ids=portfolio_ids)
        alert_saved_searches.enqueue(portfolio_ids=portfolio_ids)


@receiver(vacancy_changed)
def vacancy_was_changed(sender, *, vacancy_id: int, **kwargs) -> None:
    sync_vacancies.enqueue(vacancy_ids=[vacancy_id])
    alert_new_vacancies.enqueue(vacancy_ids=[vacancy_id])


@receiver(vacancies_changed)
def vacancies_were_changed(sender, *, vacancy_ids: list[int], **kwargs) -> None:
    sync_vacancies.enqueue(vacancy_ids=list(vacancy_ids))


@receiver(organisation_changed)
def organisation_was_changed(sender, *, organisation_id: int, **kwargs) -> None:
    # An employer's vacancies, or an intermediary's jobseekers, appear or disappear with it.
    vacancy_ids = vacancy_ids_of([organisation_id])
    if vacancy_ids:
        sync_vacancies.enqueue(vacancy_ids=vacancy_ids)
    portfolio_ids = portfolio_ids_in(organisation_id)
    if portfolio_ids:
        sync_portfolios.enqueue(portfolio_ids=portfolio_ids)


@receiver(m2m_changed, sender=Concept.broader.through)
@receiver(post_save, sender=ConceptBroader)
@receiver(post_delete, sender=ConceptBroader)
@receiver(post_save, sender=OccupationSkill)
@receiver(post_delete, sender=OccupationSkill)
def skill_relation_changed(sender, **kwargs) -> None:
    # Imports bump the taxonomy version for every process; this covers single edits here.
    bridges.forget()
