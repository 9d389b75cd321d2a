"""Alerts: someone new matches a saved search; a new vacancy fits a jobseeker.

Run by the worker after commit (`search.tasks`), from the same "changed" signals that
keep the index up to date. Whether someone matches is decided from the database as it
is now, never from the index: the people a saver may see (`visible_to`, the same rule
as every result page) at this moment, and a document built fresh. So a withdrawn
consent never gives an alert, even before the index catches up. Each person (or
vacancy) is alerted about once per saved search (or jobseeker): a unique row records it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.geo import distance_km
from portal.notifications.services import notification_create
from portfolios.models import PortfolioPage
from portfolios.permissions import portfolio_permission_policy
from vacancies.selectors import visible_vacancies

from . import builders, scoring
from .backends import get_backend
from .backends.base import SearchUnavailable
from .bridges import bridges_from, bridges_to
from .documents import PortfolioIndexDocument, VacancyIndexDocument
from .forms import FreeSearchForm, criteria_query
from .models import SavedSearch, SavedSearchMatch, VacancyAlert, VacancyAlertMatch
from .spec import CandidateSpec, FreeCriteria, free_candidate_spec, vacancy_spec

SAVED_SEARCH_MATCH = "search.saved_search_match"
NEW_VACANCY = "search.new_vacancy"
NOTIFICATION_TEXTS = {
    SAVED_SEARCH_MATCH: _("Someone new matches your saved search “%(name)s”."),
    NEW_VACANCY: _("A new vacancy may fit you: “%(title)s”."),
}

# When a search is saved, the people who match already are noted (not alerted), so
# that only someone new gives an alert; this many of the best-ranked at most.
SEED_LIMIT = 2000
SEED_PAGE = 100


def saved_criteria(saved_search: SavedSearch) -> FreeCriteria:
    """The saved search's criteria, checked again as if typed now."""
    form = FreeSearchForm(criteria_query(saved_search.criteria))
    form.is_valid()
    return form.criteria()


def candidate_matches(spec: CandidateSpec, person: PortfolioIndexDocument) -> bool:
    """Whether `person` is among the results of `spec`, and fits what it asks.

    The filters are those the engines apply (the contract suite holds them to the
    same answer); beyond them a person must hold an asked skill (or a related one)
    or want the asked work, since everyone else is only "also in the area".
    """
    filters = spec.filters
    if spec.location is not None and filters.radius_km is not None:
        if person.latitude is None or person.longitude is None:
            return False
        point = spec.location
        if (
            distance_km(person.latitude, person.longitude, point.latitude, point.longitude)
            > filters.radius_km
        ):
            return False
    if filters.min_hours is not None and (
        person.hours_max is None or person.hours_max < filters.min_hours
    ):
        return False
    if not filters.driving_licences <= set(person.driving_licences):
        return False
    if filters.work_types and not filters.work_types & set(person.work_types):
        return False
    if filters.municipalities and person.municipality not in filters.municipalities:
        return False
    explanation = scoring.explain_candidate(spec, person)
    if set(explanation.missing) & spec.narrowing_musts:
        return False
    if filters.only_complete and not explanation.complete:
        return False
    if spec.needs or spec.occupation_id is not None:
        return explanation.occupation_wished or any(fit.points for fit in explanation.skills)
    return True


def _spec_for(saved_search: SavedSearch, criteria: FreeCriteria, *, page: int = 1) -> CandidateSpec:
    return free_candidate_spec(
        criteria,
        viewer=builders.viewer_for(saved_search.owner),
        page=page,
        page_size=SEED_PAGE,
        bridges=bridges_to(criteria.skill_ids),
    )


def saved_search_seed(saved_search_id: int) -> int:
    """Note who matches a newly saved search already (no alert for them); how many.

    Reads the engine's ranking page by page (at most SEED_LIMIT people), then keeps
    those the owner may open now and who match.
    """
    saved_search = SavedSearch.objects.select_related("owner").filter(pk=saved_search_id).first()
    if saved_search is None:
        return 0
    criteria = saved_criteria(saved_search)
    seen: list[int] = []
    backend = get_backend()
    for page in range(1, SEED_LIMIT // SEED_PAGE + 1):
        try:
            found = backend.candidates(_spec_for(saved_search, criteria, page=page))
        except SearchUnavailable:
            break  # nothing noted: at worst someone who matched already gives an alert
        seen += [hit.id for hit in found.hits]
        if len(found.hits) < SEED_PAGE:
            break
    spec = _spec_for(saved_search, criteria)
    visible = set(
        portfolio_permission_policy.visible_to(saved_search.owner)
        .filter(pk__in=seen)
        .values_list("pk", flat=True)
    )
    documents = builders.portfolio_documents(visible)
    matched = [pk for pk, person in documents.items() if candidate_matches(spec, person)]
    SavedSearchMatch.objects.bulk_create(
        [SavedSearchMatch(saved_search=saved_search, portfolio_id=pk) for pk in matched],
        ignore_conflicts=True,
    )
    return len(matched)


def saved_searches_alert(portfolio_ids: Collection[int]) -> int:
    """Alert each saver once about each of these people who newly matches; how many alerts.

    Only saved searches with their alert on, and only people their owner may open now.
    """
    # Asked first: with no alert switched on, a change costs one query.
    searches = list(
        SavedSearch.objects.filter(alerts=True, owner__is_active=True).select_related("owner")
    )
    if not searches:
        return 0
    documents = builders.portfolio_documents(portfolio_ids)
    if not documents:
        return 0
    known = set(
        SavedSearchMatch.objects.filter(
            saved_search__in=searches, portfolio_id__in=documents
        ).values_list("saved_search_id", "portfolio_id")
    )
    by_owner: dict[int, list[SavedSearch]] = defaultdict(list)
    for saved_search in searches:
        by_owner[saved_search.owner_id].append(saved_search)
    public_ids = dict(PortfolioPage.objects.filter(pk__in=documents).values_list("pk", "public_id"))
    alerts = 0
    for owner_searches in by_owner.values():
        owner = owner_searches[0].owner
        visible = set(
            portfolio_permission_policy.visible_to(owner)
            .filter(pk__in=documents)
            .exclude(jobseeker=owner)
            .values_list("pk", flat=True)
        )
        for saved_search in owner_searches:
            candidates = [pk for pk in visible if (saved_search.pk, pk) not in known]
            if not candidates:
                continue
            spec = _spec_for(saved_search, saved_criteria(saved_search))
            for pk in sorted(candidates):
                if candidate_matches(spec, documents[pk]) and _note_match(
                    saved_search, pk, public_ids[pk]
                ):
                    alerts += 1
    return alerts


def _note_match(saved_search: SavedSearch, portfolio_id: int, public_id) -> bool:
    """Record the match and alert its owner; False when another run got there first."""
    with transaction.atomic():
        _match, created = SavedSearchMatch.objects.get_or_create(
            saved_search=saved_search, portfolio_id=portfolio_id, defaults={"alerted": True}
        )
        if created:
            notification_create(
                recipient=saved_search.owner,
                kind=SAVED_SEARCH_MATCH,
                subject_id=saved_search.pk,
                params={"name": saved_search.name},
                url_name="portfolio_detail",
                url_args=[str(public_id)],
                email=saved_search.alert_email,
            )
    return created


def vacancy_fits(person: PortfolioIndexDocument, vacancy: VacancyIndexDocument) -> bool:
    """Whether a new vacancy is worth telling the person about: they have every skill it
    requires, at least one of its skills, and it lies within their reach when both
    places are known; the same rules and credits as the vacancy search for a person."""
    spec = vacancy_spec(person, bridges=bridges_from(s.concept_id for s in person.skills))
    explanation = scoring.explain_vacancy(spec, vacancy)
    if not explanation.complete:
        return False
    if not any(fit.met for fit in explanation.skills):
        return False
    if explanation.distance_km is not None and person.reach_km is not None:
        return explanation.within_reach
    return True


def vacancy_alerts(vacancy_ids: Collection[int]) -> int:
    """Tell jobseekers with "new vacancies for you" on about these vacancies once each,
    when newly published since they switched it on, visible to them and fitting them."""
    subscriptions = list(VacancyAlert.objects.filter(user__is_active=True).select_related("user"))
    if not subscriptions:
        return 0
    vacancies = builders.vacancy_documents(vacancy_ids)
    if not vacancies:
        return 0
    portfolios = dict(
        PortfolioPage.objects.live()
        .filter(jobseeker__in=[s.user for s in subscriptions])
        .values_list("jobseeker_id", "pk")
    )
    people = builders.portfolio_documents(portfolios.values(), only_shared=False)
    told = set(
        VacancyAlertMatch.objects.filter(vacancy_id__in=vacancies).values_list(
            "user_id", "vacancy_id"
        )
    )
    alerts = 0
    for subscription in subscriptions:
        user: User = subscription.user
        person = people.get(portfolios.get(user.pk, 0))
        if person is None:
            continue
        open_to_them = visible_vacancies(user=user).filter(
            pk__in=vacancies, published_at__gte=subscription.created_at
        )
        for vacancy in open_to_them.only("pk", "title"):
            if (user.pk, vacancy.pk) in told or not vacancy_fits(person, vacancies[vacancy.pk]):
                continue
            with transaction.atomic():
                _match, created = VacancyAlertMatch.objects.get_or_create(
                    user=user, vacancy=vacancy
                )
                if created:
                    notification_create(
                        recipient=user,
                        kind=NEW_VACANCY,
                        subject_id=vacancy.pk,
                        params={"title": vacancy.title},
                        url_name="vacancy_detail",
                        url_args=[vacancy.pk],
                        email=subscription.email,
                    )
                    alerts += 1
    return alerts
