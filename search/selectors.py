"""Reads for the intermediary's search screens: one page of ranked, explained results.

The engine ranks; the database decides. Each page's ids are checked against the
permission policy in one query before anything is shown, so a portfolio whose
consent was withdrawn a moment ago never appears while the index catches up.
Every row is explained from a fresh document, so the chips and the score shown
match the database. A fixed number of queries per page, whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from uuid import UUID

from django.db.models import BooleanField, Case, Value, When
from django.utils import formats, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import geo
from portal.accounts.models import User
from portal.choices import Certificate, DrivingLicence, WorkType
from portal.taxonomy.models import Concept
from portfolios.models import PortfolioPage
from portfolios.permissions import portfolio_permission_policy
from vacancies.models import Vacancy
from vacancies.selectors import visible_vacancies

from . import builders, scoring
from .backends import get_backend
from .backends.base import HOURS_STEPS, FacetValue, Hit, MatchPage, SearchUnavailable
from .bridges import bridges_from, bridges_to
from .documents import PortfolioIndexDocument, VacancyIndexDocument
from .extensions import organisation_facets
from .scoring import Explanation, SkillFit
from .spec import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CandidateFilters,
    CandidateSpec,
    FreeCriteria,
    Must,
    VacancyFilters,
    VacancySpec,
    applicable_musts,
    candidate_spec,
    free_candidate_spec,
    vacancy_spec,
)


def may_search(user: User) -> bool:
    """Staff of an approved intermediary (coach, training staff, organisation admin)."""
    return portfolio_permission_policy.is_intermediary(user)


@dataclass(frozen=True, slots=True)
class SkillChip:
    """One skill of the explanation, with its label in the active language."""

    label: str
    fit: SkillFit
    # The person's own skill that earned the points, when it is not the asked one.
    via_label: str = ""


# The person's own conditions, in the words a must list and a near miss use.
CONDITION_WORDS = {
    Must.REACH: _("work within their own travel distance"),
    Must.HOURS: _("hours that fit theirs"),
    Must.WORK_TYPE: _("the type of work they want"),
}


def _licence_words(codes: Collection[str]) -> str:
    return gettext("driving licence %(codes)s") % {"codes": ", ".join(sorted(codes))}


def _certificate_words(codes: Collection[str]) -> str:
    labels = dict(Certificate.choices)
    return ", ".join(str(labels.get(code, code)) for code in sorted(codes))


def _dutch_words(level: str) -> str:
    return gettext("Dutch %(level)s or better") % {"level": level}


def _day(ordinal: int) -> str:
    return formats.date_format(date.fromordinal(ordinal), "DATE_FORMAT")


def start_words(available_by: int) -> str:
    """The availability must in plain words ("can start by 1 September 2027")."""
    return gettext("can start by %(day)s") % {"day": _day(available_by)}


def must_words(vacancy: Vacancy) -> dict[Must, str]:
    """The musts a candidate search for `vacancy` applies, each in plain words, in `Must` order."""
    document = builders.vacancy_document_draft(vacancy)
    words = {
        Must.LICENCES: _licence_words(document.driving_licences),
        Must.CERTIFICATES: _certificate_words(document.certificates),
        Must.DUTCH: _dutch_words(document.dutch_level),
        **{must: str(text) for must, text in CONDITION_WORDS.items()},
    }
    applicable = applicable_musts(document)
    return {must: words[must] for must in Must if must in applicable}


def missing_words(explanation: Explanation) -> list[str]:
    """What a near miss misses, in plain words ("driving licence D", "VCA basic safety")."""
    words = []
    for must in explanation.missing:
        if must == Must.LICENCES:
            words.append(_licence_words(explanation.missing_licences))
        elif must == Must.CERTIFICATES:
            words.append(_certificate_words(explanation.missing_certificates))
        elif must == Must.DUTCH:
            words.append(_dutch_words(explanation.missing_dutch))
        elif must == Must.AVAILABILITY:
            words.append(start_words(explanation.start_by))
        else:
            words.append(str(CONDITION_WORDS[must]))
    return words


@dataclass(slots=True, kw_only=True)
class Row:
    """What a result row shows besides its subject: rank, score and the explanation."""

    rank: int
    explanation: Explanation
    skills: list[SkillChip]
    # Both sides said how many hours: only then "the hours do not fit" is news.
    hours_known: bool

    @property
    def missing(self) -> list[str]:
        """The musts this near miss misses, in plain words (empty for a complete match)."""
        return missing_words(self.explanation)

    @property
    def start(self) -> str:
        """When the person can start, in words, if the search asks it ("" otherwise)."""
        explanation = self.explanation
        if explanation.start_by is None:
            return ""
        if not explanation.start_from:
            return gettext("Can start now")
        return gettext("Can start from %(day)s") % {"day": _day(explanation.start_from)}

    @property
    def score(self) -> int:
        return self.explanation.score

    @property
    def assessed_by_staff(self) -> bool:
        return any(chip.fit.assessed_by_staff for chip in self.skills)


@dataclass(slots=True, kw_only=True)
class CandidateRow(Row):
    public_id: UUID
    # Empty when the viewer sees the anonymised portfolio: then only the region is shown.
    name: str
    municipality: str
    region: str


@dataclass(slots=True, kw_only=True)
class VacancyRow(Row):
    vacancy: Vacancy


@dataclass(frozen=True, slots=True)
class FacetOption:
    key: str
    label: str
    count: int
    selected: bool


@dataclass(slots=True)
class Results:
    """One page of results, or `unavailable` when the engine did not answer."""

    rows: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    unavailable: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


def _labels(concept_ids: Collection[int]) -> dict[int, str]:
    """Concept labels in the active language (Dutch, then English, as a fallback), one query."""
    language = translation.get_language() or "nl"
    return {
        concept.pk: concept.label(language)
        for concept in Concept.objects.filter(pk__in=concept_ids).only(
            "pk", "uri", "preferred_labels"
        )
    }


def _skill_chips(explanation: Explanation, labels: dict[int, str]) -> list[SkillChip]:
    return [
        SkillChip(
            labels.get(fit.concept_id, str(fit.concept_id)),
            fit,
            labels.get(fit.via_concept_id, "") if fit.via_concept_id else "",
        )
        for fit in explanation.skills
    ]


def _named_concepts(explanations: Collection[Explanation]) -> set[int]:
    """The asked skills and the bridges of `explanations`: what their chips name."""
    return {
        concept_id
        for explanation in explanations
        for fit in explanation.skills
        for concept_id in (fit.concept_id, fit.via_concept_id)
        if concept_id is not None
    }


def _known(*values: int | None) -> bool:
    return None not in values


def _facets(
    found: dict[str, list[FacetValue]],
    selected: dict[str, Collection[str]],
    skill_labels: dict[int, str] | None = None,
) -> dict[str, list[FacetOption]]:
    """Facet values with labels; a chosen value stays in the list (count 0) so it can be unticked."""
    labels: dict[str, dict[str, str]] = {
        "skills": {str(pk): label for pk, label in (skill_labels or {}).items()},
        "hours": {
            str(hours): gettext("%(hours)s hours or more") % {"hours": hours}
            for hours in HOURS_STEPS
        },
        "driving_licences": dict(DrivingLicence.choices),
        "work_types": dict(WorkType.choices),
        **{facet.name: dict(facet.choices) for facet in organisation_facets()},
    }
    facets = {}
    for name, values in found.items():
        chosen = {str(key) for key in selected.get(name, ())}
        names = labels.get(name, {})
        options = [
            FacetOption(
                value.key, names.get(value.key, value.key), value.count, value.key in chosen
            )
            for value in values
        ]
        present = {value.key for value in values}
        options += [
            FacetOption(key, names.get(key, key), 0, True) for key in sorted(chosen - present)
        ]
        if name == "hours":  # steps read best in their own order: 8, 16, 24, 32
            options.sort(key=lambda option: int(option.key))
        facets[name] = options
    return facets


Spec = TypeVar("Spec", CandidateSpec, VacancySpec)


def _match(
    search: Callable[[Spec], MatchPage], spec_for_page: Callable[[int | None], Spec]
) -> tuple[Spec, MatchPage]:
    """Ask the engine for a page; past the last page, ask again for the last one."""
    spec = spec_for_page(None)
    found = search(spec)
    if not found.hits and found.total and spec.page > 1:
        spec = spec_for_page(-(-found.total // spec.page_size))
        found = search(spec)
    return spec, found


# --- Candidates for a vacancy ------------------------------------------------------------


def _with_identity(*, user: User):
    """Portfolios `user` may open, each marked whether the viewer sees who it is."""
    return portfolio_permission_policy.visible_to(user).annotate(
        shows_identity=Case(
            When(portfolio_permission_policy.identity_q(user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


_IDENTITY_FIELDS = (
    "pk",
    "public_id",
    "postcode",
    "shows_identity",
    "jobseeker__first_name",
    "jobseeker__last_name",
    "jobseeker__email",
)


def _name(shows_identity: bool, first_name: str, last_name: str, email: str) -> str:
    if not shows_identity:
        return ""
    return f"{first_name} {last_name}".strip() or email


def _openable_portfolios(*, user: User, ids: Collection[int]) -> dict[int, tuple[UUID, str]]:
    """Of `ids`, those `user` may open now: public id and name (empty when anonymised)."""
    rows = _with_identity(user=user).filter(pk__in=ids).values_list(*_IDENTITY_FIELDS)
    return {pk: (public_id, _name(*person)) for pk, public_id, _postcode, *person in rows}


def named_people(rows: Iterable[CandidateRow]) -> list[int]:
    """The accounts of the people whose name these result rows show (for "who looked")."""
    public_ids = [row.public_id for row in rows if row.name]
    if not public_ids:
        return []
    return list(
        PortfolioPage.objects.filter(public_id__in=public_ids).values_list(
            "jobseeker_id", flat=True
        )
    )


@dataclass(frozen=True, slots=True)
class SearchedPortfolio:
    """The person a vacancy search is for, as the searcher may see them."""

    pk: int
    public_id: UUID
    name: str  # empty when anonymised
    region: str


def portfolio_for_search(*, user: User, public_id: UUID) -> SearchedPortfolio | None:
    """The portfolio `public_id` if `user` may open it, with the name when they may see it."""
    row = (
        _with_identity(user=user).filter(public_id=public_id).values_list(*_IDENTITY_FIELDS).first()
    )
    if row is None:
        return None
    pk, found_id, postcode, *person = row
    place = geo.locate(postcode)
    return SearchedPortfolio(
        pk=pk, public_id=found_id, name=_name(*person), region=place.province if place else ""
    )


def _vacancy_candidate_specs(
    *, user: User, vacancy: Vacancy, filters: CandidateFilters, text: str = ""
) -> Callable[[int, int], CandidateSpec]:
    """The candidate spec for page `n` of `size` for `vacancy`, as `user` may search."""
    viewer = builders.viewer_for(user)
    document = builders.vacancy_document_draft(vacancy)
    related = bridges_to(skill.concept_id for skill in document.skills)

    def spec_for(number: int, size: int) -> CandidateSpec:
        return candidate_spec(
            document,
            viewer=viewer,
            filters=filters,
            text=text,
            page=number,
            page_size=size,
            bridges=related,
        )

    return spec_for


def candidate_results(
    *,
    user: User,
    vacancy: Vacancy,
    filters: CandidateFilters,
    text: str = "",
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Results:
    """Ranked candidates `user` may open for `vacancy`, each explained, with facet counts."""
    spec_for = _vacancy_candidate_specs(user=user, vacancy=vacancy, filters=filters, text=text)
    return _candidate_page(
        user=user,
        spec_for_page=lambda number: spec_for(number or page, page_size),
        filters=filters,
        page=page,
        page_size=page_size,
    )


def candidate_slice(
    *, user: User, vacancy: Vacancy, filters: CandidateFilters, after: Anchor | None, limit: int
) -> Slice:
    """`candidate_results` in slices: the `limit` candidates ranked after `after`."""
    spec_for = _vacancy_candidate_specs(user=user, vacancy=vacancy, filters=filters)
    return _slice(user=user, spec_for=spec_for, after=after, limit=limit)


def _candidate_rows(
    *, user: User, spec: CandidateSpec, hits: list[tuple[int, Hit]]
) -> tuple[list[CandidateRow], int, dict[int, str]]:
    """The rows for `hits` (each with its rank) that `user` may open now, explained; how
    many hits were left out (withdrawn or erased since they were indexed); and the labels
    of the concepts the rows name."""
    ids = [hit.id for _rank, hit in hits]
    openable = _openable_portfolios(user=user, ids=ids)
    documents: dict[int, PortfolioIndexDocument] = builders.portfolio_documents(openable)
    need_ids = [need.concept_id for need in spec.needs]
    explained = {
        hit.id: (rank, scoring.explain_candidate(spec, documents[hit.id]))
        for rank, hit in hits
        if hit.id in openable and hit.id in documents
    }
    labels = _labels({*need_ids, *_named_concepts([e for _rank, e in explained.values()])})

    rows = []
    for hit_id, (rank, explanation) in explained.items():
        portfolio = documents[hit_id]
        public_id, name = openable[hit_id]
        rows.append(
            CandidateRow(
                rank=rank,
                explanation=explanation,
                skills=_skill_chips(explanation, labels),
                hours_known=_known(
                    spec.hours_min, spec.hours_max, portfolio.hours_min, portfolio.hours_max
                ),
                public_id=public_id,
                name=name,
                municipality=portfolio.municipality if name else "",
                region=portfolio.region,
            )
        )
    return rows, len(ids) - len(rows), labels


def _candidate_page(
    *,
    user: User,
    spec_for_page: Callable[[int | None], CandidateSpec],
    filters: CandidateFilters,
    page: int,
    page_size: int,
) -> Results:
    """Ask the engine, keep what `user` may open now, explain each row, label the facets."""
    try:
        spec, found = _match(get_backend().candidates, spec_for_page)
    except SearchUnavailable:
        return Results(page=page, page_size=page_size, unavailable=True)

    rows, dropped, labels = _candidate_rows(
        user=user, spec=spec, hits=[(0, hit) for hit in found.hits]
    )
    # On a screen page, ranks count the rows shown, so they run on without a gap.
    for number, row in enumerate(rows):
        row.rank = spec.offset + number + 1
    selected = {
        "skills": filters.skill_ids,
        "municipality": filters.municipalities,
        "hours": {filters.min_hours} if filters.min_hours else (),
        "driving_licences": filters.driving_licences,
        "work_types": filters.work_types,
        **filters.organisation_facet_choices(),
    }
    return Results(
        rows=rows,
        total=found.total - dropped,
        page=spec.page,
        page_size=spec.page_size,
        facets=_facets(found.facets, selected, labels),
    )


# --- Free candidate search ---------------------------------------------------------------


def may_search_freely(user: User) -> bool:
    """Staff of an approved intermediary, or of an approved employer."""
    return portfolio_permission_policy.may_search_freely(user)


def _free_candidate_specs(
    *, user: User, criteria: FreeCriteria, filters: CandidateFilters | None
) -> Callable[[int, int], CandidateSpec]:
    viewer = builders.viewer_for(user)
    related = bridges_to(criteria.skill_ids)

    def spec_for(number: int, size: int) -> CandidateSpec:
        return free_candidate_spec(
            criteria,
            viewer=viewer,
            filters=filters,
            page=number,
            page_size=size,
            bridges=related,
        )

    return spec_for


def free_candidate_results(
    *,
    user: User,
    criteria: FreeCriteria,
    filters: CandidateFilters | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Results:
    """Ranked people `user` may open for `criteria`, explained and with facet counts,
    exactly as candidates for a vacancy are (an employer sees only what people shared
    with employers, anonymised unless they agreed to their name)."""
    spec_for = _free_candidate_specs(user=user, criteria=criteria, filters=filters)
    return _candidate_page(
        user=user,
        spec_for_page=lambda number: spec_for(number or page, page_size),
        filters=filters or CandidateFilters(),
        page=page,
        page_size=page_size,
    )


def free_candidate_slice(
    *,
    user: User,
    criteria: FreeCriteria,
    filters: CandidateFilters | None = None,
    after: Anchor | None,
    limit: int,
) -> Slice:
    """`free_candidate_results` in slices: the `limit` people ranked after `after`."""
    spec_for = _free_candidate_specs(user=user, criteria=criteria, filters=filters)
    return _slice(user=user, spec_for=spec_for, after=after, limit=limit)


# --- Ranked candidates in slices (the API's cursors) -------------------------------------

# Hits looked at before and after the place where the previous slice ended, so that a few
# people found or gone above that place since then make the next slice neither repeat
# nor skip anyone.
SLICE_SLACK = 5


def hit_token(hit_id: int) -> str:
    """Names a hit in an anchor without giving away its id (anchors travel in cursors)."""
    return salted_hmac("search.anchor", str(hit_id)).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a slice of ranked results ended: its last hit (`hit_token`) and rank key, and
    the place (0-based) of the hit after it."""

    hit: str
    score: float
    meets_musts: bool
    position: int


@dataclass(slots=True)
class Slice:
    """Rows ranked after an anchor; `next` is where the one after this starts (None: the end)."""

    rows: list[CandidateRow] = field(default_factory=list)
    total: int = 0
    next: Anchor | None = None
    unavailable: bool = False


def covering_pages(start: int, stop: int) -> list[tuple[int, int]]:
    """The engine pages, as (page, page size), that together hold the hits at places
    `start` to `stop - 1`: one page when some page size up to MAX_PAGE_SIZE holds them
    all, else consecutive pages of the largest size."""
    for size in range(stop - start, MAX_PAGE_SIZE + 1):
        if start // size == (stop - 1) // size:
            return [(start // size + 1, size)]
    size = MAX_PAGE_SIZE
    return [(number + 1, size) for number in range(start // size, (stop - 1) // size + 1)]


def _window(
    spec_for: Callable[[int, int], CandidateSpec], start: int, stop: int
) -> tuple[CandidateSpec, list[tuple[int, Hit]], int]:
    """The spec, the hits at places `start` to `stop - 1` with their places, and the total."""
    search = get_backend().candidates
    spec: CandidateSpec | None = None
    hits: list[tuple[int, Hit]] = []
    total = 0
    for number, size in covering_pages(start, stop):
        page_spec = spec_for(number, size)
        found = search(page_spec)
        if spec is None:
            spec, total = page_spec, found.total
        hits += [(page_spec.offset + n, hit) for n, hit in enumerate(found.hits)]
        if len(found.hits) < page_spec.page_size:
            break
    assert spec is not None
    return spec, [(place, hit) for place, hit in hits if start <= place < stop], total


def _after(hits: list[tuple[int, Hit]], anchor: Anchor) -> list[tuple[int, Hit]]:
    """The hits ranked after `anchor`: those after it where it still is; when it has gone
    from the window, those from its old place on that do not rank above it."""
    for index, (_place, hit) in enumerate(hits):
        if hit_token(hit.id) == anchor.hit:
            return hits[index + 1 :]
    key = (anchor.meets_musts, anchor.score)
    return [
        (place, hit)
        for place, hit in hits
        if place >= anchor.position and (hit.meets_musts, hit.score) <= key
    ]


def _slice(
    *,
    user: User,
    spec_for: Callable[[int, int], CandidateSpec],
    after: Anchor | None,
    limit: int,
) -> Slice:
    position = after.position if after is not None else 0
    lead = min(SLICE_SLACK + 1, position)
    try:
        spec, hits, total = _window(spec_for, position - lead, position + limit + SLICE_SLACK)
    except SearchUnavailable:
        return Slice(unavailable=True)
    taken = (_after(hits, after) if after is not None else hits)[:limit]
    rows, dropped, _labels = _candidate_rows(
        user=user, spec=spec, hits=[(place + 1, hit) for place, hit in taken]
    )
    following = None
    if taken and taken[-1][0] + 1 < total:
        place, hit = taken[-1]
        following = Anchor(
            hit=hit_token(hit.id),
            score=hit.score,
            meets_musts=hit.meets_musts,
            position=place + 1,
        )
    return Slice(rows=rows, total=max(0, total - dropped), next=following)


# --- Vacancies for a candidate -----------------------------------------------------------


def vacancy_results(
    *,
    user: User,
    portfolio: SearchedPortfolio,
    filters: VacancyFilters,
    text: str = "",
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Results:
    """Ranked open vacancies for the person of `portfolio`, each explained, with facet counts.

    `portfolio` is one `user` may open (the view checked); the vacancies are those
    `user` may open now.
    """
    person = builders.portfolio_documents([portfolio.pk]).get(portfolio.pk)
    if person is None:
        return Results(page=page, page_size=page_size)

    related = bridges_from(skill.concept_id for skill in person.skills)

    def spec_for_page(number: int | None) -> VacancySpec:
        return vacancy_spec(
            person,
            filters=filters,
            text=text,
            page=number or page,
            page_size=page_size,
            bridges=related,
        )

    try:
        spec, found = _match(get_backend().vacancies, spec_for_page)
    except SearchUnavailable:
        return Results(page=page, page_size=page_size, unavailable=True)

    ids = [hit.id for hit in found.hits]
    openable = {
        vacancy.pk: vacancy
        for vacancy in visible_vacancies(user=user)
        .filter(pk__in=ids)
        .select_related("organisation")
    }
    documents: dict[int, VacancyIndexDocument] = builders.vacancy_documents(openable)
    # Closed since it was indexed: not on the page.
    explained = {
        hit_id: scoring.explain_vacancy(spec, documents[hit_id])
        for hit_id in ids
        if hit_id in openable and hit_id in documents
    }
    labels = _labels(_named_concepts(explained.values()))

    rows = []
    for hit_id, explanation in explained.items():
        vacancy = documents[hit_id]
        rows.append(
            VacancyRow(
                rank=spec.offset + len(rows) + 1,
                explanation=explanation,
                skills=_skill_chips(explanation, labels),
                hours_known=_known(
                    spec.hours_min, spec.hours_max, vacancy.hours_min, vacancy.hours_max
                ),
                vacancy=openable[hit_id],
            )
        )
    selected = {"municipality": filters.municipalities, "work_types": filters.work_types}
    return Results(
        rows=rows,
        total=found.total - (len(ids) - len(rows)),
        page=spec.page,
        page_size=spec.page_size,
        facets=_facets(found.facets, selected),
    )


# --- Proposing one person for one vacancy ------------------------------------------------

# The languages a stored explanation names its skills in, so any reader sees their own.
SNAPSHOT_LANGUAGES = ("nl", "en")


def explanation_snapshot(explanation: Explanation, concepts: dict[int, Concept]) -> dict:
    """The explanation as plain JSON data, to keep with a proposal as it was at that moment.

    Skills carry their labels in Dutch and English (see `intermediaries.explanations`).
    """
    return {
        "score": explanation.score,
        "skills": [
            {
                "concept_id": fit.concept_id,
                "labels": {
                    language: concepts[fit.concept_id].label(language)
                    for language in SNAPSHOT_LANGUAGES
                }
                if fit.concept_id in concepts
                else {},
                "required": fit.required,
                "need": fit.need,
                "have": fit.have,
                "met": fit.met,
                "assessed_by_staff": fit.assessed_by_staff,
                "points": fit.points,
                "relation": fit.relation.name.lower(),
                "related": fit.related,
                "via_labels": {
                    language: concepts[fit.via_concept_id].label(language)
                    for language in SNAPSHOT_LANGUAGES
                }
                if fit.via_concept_id in concepts
                else {},
            }
            for fit in explanation.skills
        ],
        "distance_km": (
            round(explanation.distance_km, 1) if explanation.distance_km is not None else None
        ),
        "reach_km": explanation.reach_km,
        "within_reach": explanation.within_reach,
        "hours_fit": explanation.hours_fit,
        "work_type_wished": explanation.work_type_wished,
        "occupation_wished": explanation.occupation_wished,
        "words_found": explanation.words_found,
        "parts": [{"rule": part.rule, "points": part.points} for part in explanation.parts],
    }


@dataclass(frozen=True, slots=True)
class ProposalMatch:
    """One person for one vacancy, as the coach proposing them sees it."""

    portfolio: SearchedPortfolio
    row: CandidateRow
    snapshot: dict


def proposal_match(*, user: User, vacancy: Vacancy, public_id: UUID) -> ProposalMatch | None:
    """Why portfolio `public_id` fits `vacancy`, computed fresh; None if `user` may not open it.

    Without the search's filters or words: a proposal is about the person and the work.
    """
    portfolio = portfolio_for_search(user=user, public_id=public_id)
    if portfolio is None:
        return None
    document = builders.portfolio_documents([portfolio.pk]).get(portfolio.pk)
    if document is None:
        return None
    asked = builders.vacancy_document_draft(vacancy)
    spec = candidate_spec(
        asked,
        viewer=builders.viewer_for(user),
        bridges=bridges_to(skill.concept_id for skill in asked.skills),
    )
    explanation = scoring.explain_candidate(spec, document)
    concepts = {
        concept.pk: concept
        for concept in Concept.objects.filter(pk__in=_named_concepts([explanation])).only(
            "pk", "uri", "preferred_labels"
        )
    }
    language = translation.get_language() or "nl"
    labels = {pk: concept.label(language) for pk, concept in concepts.items()}
    row = CandidateRow(
        rank=1,
        explanation=explanation,
        skills=_skill_chips(explanation, labels),
        hours_known=_known(spec.hours_min, spec.hours_max, document.hours_min, document.hours_max),
        public_id=portfolio.public_id,
        name=portfolio.name,
        municipality=document.municipality if portfolio.name else "",
        region=document.region,
    )
    return ProposalMatch(
        portfolio=portfolio, row=row, snapshot=explanation_snapshot(explanation, concepts)
    )
