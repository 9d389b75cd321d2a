"""Reads for employers and vacancies. Permission filters are part of each query."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from portal import geo
from portal.accounts.models import User
from portal.organisations.models import Organisation, OrganisationStatus
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portal.taxonomy.selectors import skills_for_occupations

from .extensions import vacancy_list_annotations
from .models import Vacancy, VacancySkill, VacancyStatus, WorkType
from .permissions import (
    CHANGE,
    VIEW,
    employer_organisations_for,
    network_vacancy_q,
    vacancy_permission_policy,
)


def employer_organisation_for(*, user: User, slug: str) -> Organisation | None:
    """The employer organisation `slug` if `user` works with its vacancies, else None."""
    return (
        employer_organisations_for(user, VIEW)
        .select_related("employer_profile")
        .filter(slug=slug)
        .first()
    )


def employer_vacancies(*, organisation: Organisation, state: str = "") -> QuerySet[Vacancy]:
    """The organisation's vacancies for its own list page, with their state and skill counts.

    One query, whatever the number of rows; columns that other apps register (the
    proposals) are counted in it too.
    """
    vacancies = (
        Vacancy.objects.filter(organisation=organisation)
        .with_state()
        .select_related("occupation", "organisation")
        .annotate(
            required_count=Count("skills", filter=Q(skills__required=True)),
            skill_count=Count("skills"),
            **vacancy_list_annotations(),
        )
        .order_by("-created_at", "-pk")
    )
    if state in VacancyStatus.values:
        vacancies = vacancies.filter(state=state)
    return vacancies


def vacancy_for(*, user: User, pk: int, action: str = VIEW) -> Vacancy | None:
    """The vacancy if `user` may `action` it in the employer's screens, else None."""
    return (
        vacancy_permission_policy.instances_user_has_permission_for(user, action)
        .select_related("organisation", "occupation")
        .filter(pk=pk)
        .first()
    )


def vacancy_for_change(*, user: User, pk: int) -> Vacancy | None:
    return vacancy_for(user=user, pk=pk, action=CHANGE)


def vacancy_skills(*, vacancy: Vacancy) -> list[VacancySkill]:
    return list(vacancy.skills.select_related("concept").order_by("-required", "pk"))


def occupation_choices() -> list[Concept]:
    """Released occupations, sorted by their label in the current language."""
    language = translation.get_language() or "nl"
    occupations = Concept.objects.filter(
        concept_type=ConceptType.OCCUPATION, status=ConceptStatus.RELEASED
    )
    return sorted(occupations, key=lambda concept: concept.label(language).lower())


def suggested_skills(*, vacancy: Vacancy, exclude: set[int], limit: int = 12) -> list[Concept]:
    """Skills people in the vacancy's occupation usually have, not yet on the vacancy."""
    if vacancy.occupation_id is None:
        return []
    suggestions = skills_for_occupations([vacancy.occupation_id], limit=limit + len(exclude))
    return [concept for concept in suggestions if concept.pk not in exclude][:limit]


# --- The vacancies the network sees --------------------------------------------------


@dataclass(frozen=True)
class VacancyFilters:
    work_type: str = ""
    place: str = ""
    hours: int | None = None  # the most hours a week someone wants to work

    @classmethod
    def from_query(cls, data) -> "VacancyFilters":
        work_type = data.get("soort", "")
        if work_type not in WorkType.values:
            work_type = ""
        try:
            hours = int(data.get("uren", ""))
        except ValueError:
            hours = None
        if hours is not None and not 1 <= hours <= 80:
            hours = None
        return cls(work_type=work_type, place=data.get("plaats", "")[:100].strip(), hours=hours)


def visible_vacancies(*, user: User) -> QuerySet[Vacancy]:
    """Open vacancies of approved employers `user` may see outside the employer's screens.

    Staff of intermediaries (and network admins) see every open vacancy of the
    network; other signed-in people only those the employer also shows to jobseekers.
    """
    if not (user.is_authenticated and user.is_active):
        return Vacancy.objects.none()
    return (
        Vacancy.objects.open()
        .filter(organisation__status=OrganisationStatus.APPROVED)
        .filter(network_vacancy_q(user))
    )


def network_vacancies(*, user: User, filters: VacancyFilters) -> QuerySet[Vacancy]:
    """The list page: visible vacancies with the filters applied, in one query."""
    vacancies = visible_vacancies(user=user).select_related("organisation", "occupation")
    if filters.work_type:
        vacancies = vacancies.filter(work_type=filters.work_type)
    if filters.place:
        # Places are stored in the postcode table's spelling: comparing with that (not
        # case-insensitively) lets the place index find them instead of a scan of every
        # open vacancy.
        vacancies = vacancies.filter(place=geo.place_name(filters.place) or filters.place)
    if filters.hours is not None:
        vacancies = vacancies.filter(hours_min__lte=filters.hours)
    return vacancies.order_by("closing_date", "-published_at", "-pk")


def network_places(*, user: User) -> list[str]:
    """The places that have visible vacancies, for the place filter."""
    return list(
        visible_vacancies(user=user)
        .exclude(place="")
        .order_by("place")
        .values_list("place", flat=True)
        .distinct()
    )


def visible_vacancy(*, user: User, pk: int) -> Vacancy | None:
    return (
        visible_vacancies(user=user)
        .select_related("organisation", "occupation")
        .prefetch_related(
            Prefetch("skills", queryset=VacancySkill.objects.select_related("concept"))
        )
        .filter(pk=pk)
        .first()
    )


def pending_employers() -> QuerySet[Organisation]:
    """Employers waiting for a network admin, oldest first, with their profile."""
    return (
        Organisation.objects.filter(
            status=OrganisationStatus.PENDING, employer_profile__isnull=False
        )
        .select_related("employer_profile")
        .order_by("created_at")
    )
