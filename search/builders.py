"""Index documents from the database: the current, published, consented state, in bulk.

A handful of queries per batch, whatever its size, so `search_rebuild` and the
after-commit tasks cost the same per portfolio. A portfolio nobody but its owner
may see gets no document; the indexing code deletes it from the engine instead.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from portal import geo
from portal.accounts.models import User
from portal.names import name_words
from portal.organisations.models import OrganisationStatus, Role
from portal.travel import reach_band
from portfolios.models import PortfolioOccupation, PortfolioPage, PortfolioSkill
from portfolios.permissions import portfolio_permission_policy
from vacancies.models import Vacancy, VacancySkill

from .documents import (
    AUDIENCE_EMPLOYERS,
    AUDIENCE_INTERMEDIARIES,
    AUDIENCE_JOBSEEKERS,
    AUDIENCE_NETWORK,
    PortfolioIndexDocument,
    SkillEntry,
    VacancyIndexDocument,
    VacancySkillEntry,
    organisation_audience,
)
from .extensions import organisation_facet_values
from .spec import Viewer, text_tokens


def viewer_for(user: User) -> Viewer:
    """What `user` may find, in the index's terms (the portfolio policy's viewer keys)."""
    keys = portfolio_permission_policy.viewer_keys(user)
    return Viewer(
        organisation_ids=keys.organisation_ids,
        is_intermediary=keys.is_intermediary,
        is_employer=keys.is_employer,
    )


def _milliseconds(moment: datetime | None) -> int:
    return int(moment.timestamp() * 1000) if moment is not None else 0


def _place(postcode: str) -> tuple[str, str]:
    place = geo.locate(postcode)
    return (place.municipality, place.province) if place else ("", "")


def _words_without_names(text: str, user: User) -> tuple[str, ...]:
    # An employer sees an anonymised portfolio; searching for a name must not find it.
    # Particles ("de" of "de Boer") are not the name: dropping them would hide nothing.
    names = set(text_tokens(" ".join(name_words(user.first_name, user.last_name))))
    names |= set(text_tokens(user.email))
    return tuple(word for word in text_tokens(text) if word not in names)


def portfolio_documents(
    portfolio_ids: Collection[int], *, only_shared: bool = True
) -> dict[int, PortfolioIndexDocument]:
    """Documents for those of `portfolio_ids` that someone other than the owner may find.

    `only_shared=False` also builds them for published portfolios shared with nobody, for
    a caller that holds a consent of its own (a Meet & Match registration, for one event);
    such a document has no audience and must never be indexed.
    """
    pages = list(
        portfolio_permission_policy.with_audiences(
            PortfolioPage.objects.filter(pk__in=portfolio_ids, live=True)
        )
        .select_related("jobseeker")
        .only(
            "pk",
            "headline",
            "about_me",
            "postcode",
            "latitude",
            "longitude",
            "max_travel_km",
            "hours_min",
            "hours_max",
            "work_types",
            "driving_licences",
            "certificates",
            "dutch_level",
            "earliest_start",
            "last_published_at",
            "jobseeker__first_name",
            "jobseeker__last_name",
            "jobseeker__email",
        )
    )
    if not pages:
        return {}
    page_ids = [page.pk for page in pages]
    skills: dict[int, list[SkillEntry]] = defaultdict(list)
    for page_id, concept_id, level, staff_level in (
        PortfolioSkill.objects.filter(page_id__in=page_ids)
        .order_by("page_id", "concept_id")
        .values_list("page_id", "concept_id", "level", "staff_level")
    ):
        skills[page_id].append(
            SkillEntry(
                concept_id=concept_id,
                level=staff_level or level,
                assessed_by_staff=staff_level is not None,
                self_level=level,
            )
        )
    occupations: dict[int, list[int]] = defaultdict(list)
    for page_id, concept_id in (
        PortfolioOccupation.objects.filter(page_id__in=page_ids)
        .order_by("page_id", "concept_id")
        .values_list("page_id", "concept_id")
    ):
        occupations[page_id].append(concept_id)
    audiences = portfolio_permission_policy.audiences(pages)
    facet_values = organisation_facet_values([page.jobseeker_id for page in pages])

    documents = {}
    for page in pages:
        shared = audiences[page.pk]
        audience = []
        if shared.coach_organisation:
            audience += [organisation_audience(pk) for pk in shared.member_organisation_ids]
        if shared.network:
            audience.append(AUDIENCE_NETWORK)
        if shared.employers:
            audience.append(AUDIENCE_EMPLOYERS)
        if not audience and only_shared:
            continue
        municipality, region = _place(page.postcode)
        documents[page.pk] = PortfolioIndexDocument(
            portfolio_id=page.pk,
            skills=tuple(skills.get(page.pk, ())),
            occupation_ids=tuple(occupations.get(page.pk, ())),
            latitude=page.latitude,
            longitude=page.longitude,
            max_travel_km=page.max_travel_km,
            reach_km=reach_band(page.max_travel_km),
            hours_min=page.hours_min,
            hours_max=page.hours_max,
            work_types=tuple(page.work_types or ()),
            driving_licences=tuple(page.driving_licences or ()),
            municipality=municipality,
            region=region,
            tokens=_words_without_names(f"{page.headline} {page.about_me}", page.jobseeker),
            audience=tuple(audience),
            member_organisation_ids=shared.member_organisation_ids,
            organisation_facets=facet_values.get(page.jobseeker_id, ()),
            certificates=tuple(sorted(page.certificates or ())),
            dutch_level=page.dutch_level,
            updated_at=_milliseconds(page.last_published_at),
            available_from=page.earliest_start.toordinal() if page.earliest_start else 0,
        )
    return documents


def indexable_portfolio_ids() -> list[int]:
    """Every portfolio that may have a document: published ones (audience is checked per batch)."""
    return list(PortfolioPage.objects.live().order_by("pk").values_list("pk", flat=True))


def portfolio_ids_of(user_ids: Collection[int]) -> list[int]:
    return list(
        PortfolioPage.objects.filter(jobseeker_id__in=user_ids).values_list("pk", flat=True)
    )


def portfolio_ids_in(organisation_id: int) -> list[int]:
    """Portfolios of the jobseekers of an organisation (its approval changes their audience)."""
    return list(
        PortfolioPage.objects.filter(
            jobseeker__memberships__organisation_id=organisation_id,
            jobseeker__memberships__role=Role.JOBSEEKER,
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def vacancy_documents(vacancy_ids: Collection[int]) -> dict[int, VacancyIndexDocument]:
    """Documents for those of `vacancy_ids` that are open at an approved employer."""
    vacancies = list(
        Vacancy.objects.open()
        .filter(pk__in=vacancy_ids, organisation__status=OrganisationStatus.APPROVED)
        .only(
            "pk",
            "organisation_id",
            "title",
            "description",
            "occupation_id",
            "work_type",
            "hours_min",
            "hours_max",
            "postcode",
            "latitude",
            "longitude",
            "show_to_jobseekers",
            "driving_licences",
            "certificates",
            "dutch_level",
        )
    )
    skills: dict[int, list[VacancySkillEntry]] = defaultdict(list)
    for vacancy_id, concept_id, min_level, required in (
        VacancySkill.objects.filter(vacancy_id__in=[v.pk for v in vacancies])
        .order_by("vacancy_id", "concept_id")
        .values_list("vacancy_id", "concept_id", "min_level", "required")
    ):
        skills[vacancy_id].append(VacancySkillEntry(concept_id, min_level, required))
    documents = {}
    for vacancy in vacancies:
        audience = [AUDIENCE_INTERMEDIARIES]
        if vacancy.show_to_jobseekers:
            audience.append(AUDIENCE_JOBSEEKERS)
        documents[vacancy.pk] = _vacancy_document(
            vacancy, tuple(skills.get(vacancy.pk, ())), tuple(audience)
        )
    return documents


def _vacancy_document(
    vacancy: Vacancy, skills: tuple[VacancySkillEntry, ...], audience: tuple[str, ...]
) -> VacancyIndexDocument:
    municipality, region = _place(vacancy.postcode)
    return VacancyIndexDocument(
        vacancy_id=vacancy.pk,
        organisation_id=vacancy.organisation_id,
        skills=skills,
        occupation_id=vacancy.occupation_id,
        work_type=vacancy.work_type,
        hours_min=vacancy.hours_min,
        hours_max=vacancy.hours_max,
        latitude=vacancy.latitude,
        longitude=vacancy.longitude,
        municipality=municipality,
        region=region,
        tokens=text_tokens(f"{vacancy.title} {vacancy.description}"),
        audience=audience,
        driving_licences=tuple(sorted(vacancy.driving_licences or ())),
        certificates=tuple(sorted(vacancy.certificates or ())),
        dutch_level=vacancy.dutch_level,
    )


def indexable_vacancy_ids() -> list[int]:
    return list(
        Vacancy.objects.open()
        .filter(organisation__status=OrganisationStatus.APPROVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def vacancy_ids_of(organisation_ids: Collection[int]) -> list[int]:
    return list(
        Vacancy.objects.filter(organisation_id__in=organisation_ids).values_list("pk", flat=True)
    )


def vacancy_document_draft(vacancy: Vacancy) -> VacancyIndexDocument:
    """A document for any vacancy the searcher may open (also a draft): its spec is what counts."""
    skills = tuple(
        VacancySkillEntry(concept_id, min_level, required)
        for concept_id, min_level, required in vacancy.skills.order_by("concept_id").values_list(
            "concept_id", "min_level", "required"
        )
    )
    return _vacancy_document(vacancy, skills, audience=())
