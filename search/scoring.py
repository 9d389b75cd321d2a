"""How a match is scored and explained: the one place for the rules and their weights.

Every part is a whole number of points for a yes/no fact a coach can check, so
that each engine computes the same score (constant scores in Elasticsearch,
CASE expressions in SQL) and the parts shown add up to the score shown:

====================================  ======  ==========================================
Fact                                  Points  When
====================================  ======  ==========================================
Required skill met                      10    the person's level ≥ the minimum level
Required skill below level               4    the person has it, below the minimum level
Required skill missing                   0    (lowers the rank; never hides, unless the
                                              filter "only complete matches" is on)
Nice-to-have skill met                   3    level ≥ the minimum level
Related skill                         1–9     see the credits per relation below
Within reach                             5    distance ≤ the person's travel distance
Hours fit                                3    the two hour ranges overlap
Work type wished                         3    the vacancy's work type is one the person wants
Occupation wished                        4    the vacancy's occupation is one the person wants
Words found                              2    every searched word is in the summary
====================================  ======  ==========================================

The level that counts is the staff-assessed one where a training centre recorded
it, otherwise the person's own; the explanation says which.

A person's skill also credits an asked skill it does not equal when the taxonomy
relates the two (`search.bridges` finds the relations; the explanation names the
bridge). Per asked skill the best credit counts, never a sum:

==============================  ==========  ===========  ============
The person's skill is ...       required    required     nice-to-have
                                met         below level  met
==============================  ==========  ===========  ============
the asked skill itself              10           4             3
narrower (more specific)             9           4             3
broader (more general)               6           2             2
a sibling (same broader skill)       3           1             1
needed with it by occupations        3           1             1
==============================  ==========  ===========  ============

A narrower skill counts as having the asked one ("only complete matches" includes
it); the others earn points without making the match complete.

Travel distance is compared with the person's maximum rounded down to a
REACH_BANDS step. The editor offers exactly these steps, so for what a person
picks there the rounding changes nothing: Elasticsearch cannot compare a computed
distance with a field without scripts, but it can with one distance clause per band,
and fewer bands make a faster query.
Musts are not points. A candidate meets a vacancy's musts when they hold every
driving licence and certificate it requires and speak Dutch at least at its level,
and — the person's own conditions — the vacancy lies within their travel distance,
the hours can overlap and the work type is one they want (a person who did not say
their distance, hours or work types has no condition there); and, when the searcher
asks it, they can start by the day asked (who did not say a day can start now). A free
search states the same musts itself (`spec.FreeCriteria`). A search narrows to
people meeting every must the coach did not widen (`CandidateFilters.widen`); people
missing a widened one come after everyone who meets them all, each with what they
miss (`Explanation.missing`). Engines rank by `rank_score`: the score plus
MUSTS_MET when every must is met, which is larger than any score can be.

The same for the vacancies of one person: a vacancy requiring a licence, certificate
or level of Dutch the person lacks comes after those they meet.

Candidates with the same score are ordered by the most recently updated portfolio
(`PortfolioIndexDocument.updated_at`), then the lower id; vacancies by the lower id.
The order is total, so paging is stable.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from portal.choices import DutchLevel, dutch_rank
from portal.geo import distance_km
from portal.travel import REACH_BANDS

from .documents import PortfolioIndexDocument, VacancyIndexDocument
from .spec import CandidateSpec, Must, Relation, VacancySpec

REQUIRED_MET = 10
REQUIRED_BELOW_LEVEL = 4
NICE_TO_HAVE_MET = 3


@dataclass(frozen=True, slots=True)
class Credit:
    """Points for an asked skill through one relation: required met or below, nice-to-have met."""

    required_met: int
    required_below: int
    nice_met: int

    def points(self, *, required: bool, met: bool) -> int:
        if required:
            return self.required_met if met else self.required_below
        return self.nice_met if met else 0


CREDITS: dict[Relation, Credit] = {
    Relation.EXACT: Credit(REQUIRED_MET, REQUIRED_BELOW_LEVEL, NICE_TO_HAVE_MET),
    Relation.NARROWER: Credit(9, 4, 3),
    Relation.BROADER: Credit(6, 2, 2),
    Relation.SIBLING: Credit(3, 1, 1),
    Relation.CO_REQUIRED: Credit(3, 1, 1),
}
# Relations under which holding the skill counts as having the asked one.
COMPLETES = frozenset({Relation.EXACT, Relation.NARROWER})
WITHIN_REACH = 5
HOURS_FIT = 3
WORK_TYPE_WISHED = 3
OCCUPATION_WISHED = 4
WORDS_FOUND = 2

# The largest score a result can get without any skill: the skill-free parts together.
MAX_WITHOUT_SKILLS = WITHIN_REACH + HOURS_FIT + WORK_TYPE_WISHED + OCCUPATION_WISHED + WORDS_FOUND
# Added to the rank (never to the score shown) of a result meeting every must, so that
# complete matches come first: more than any score (a vacancy asks far fewer skills).
MUSTS_MET = 10_000
DUTCH_LEVELS: tuple[str, ...] = tuple(DutchLevel.values)


def rank_score(score: int, meets_musts: bool) -> int:
    """What engines sort on: the score, complete matches ahead of every near miss."""
    return score + (MUSTS_MET if meets_musts else 0)


def from_rank_score(rank: int) -> tuple[int, bool]:
    """The score and whether every must is met, back from `rank_score`."""
    return (rank - MUSTS_MET, True) if rank >= MUSTS_MET else (rank, False)


def bands_up_to(radius_km: float | None) -> tuple[int, ...]:
    """The bands a distance query needs: those up to the first band at or above the radius."""
    if radius_km is None:
        return REACH_BANDS
    index = bisect.bisect_left(REACH_BANDS, radius_km)
    return REACH_BANDS[: index + 1]


def hours_overlap(
    a_min: int | None, a_max: int | None, b_min: int | None, b_max: int | None
) -> bool:
    if None in (a_min, a_max, b_min, b_max):
        return False
    return max(a_min, b_min) <= min(a_max, b_max)


@dataclass(frozen=True, slots=True)
class SkillFit:
    """An asked skill and what of the person's counts for it (`via`: the bridge, if any)."""

    concept_id: int
    required: bool
    need: int
    have: int | None
    assessed_by_staff: bool
    points: int
    # The person's own skill that earned the points, when it is not the asked one.
    via_concept_id: int | None = None
    relation: Relation = Relation.EXACT

    @property
    def related(self) -> bool:
        """Points came from a related skill that does not count as having this one."""
        return self.have is not None and self.relation not in COMPLETES

    @property
    def met(self) -> bool:
        return self.have is not None and self.have >= self.need and not self.related

    @property
    def below_level(self) -> bool:
        return self.have is not None and self.have < self.need and not self.related


@dataclass(frozen=True, slots=True)
class Part:
    """One line of an explanation: which rule, how many points."""

    rule: str
    points: int


@dataclass(slots=True)
class Explanation:
    """Why a result ranks where it does. `score` is the sum of `parts`."""

    skills: list[SkillFit] = field(default_factory=list)
    distance_km: float | None = None
    reach_km: int | None = None
    within_reach: bool = False
    hours_fit: bool = False
    work_type_wished: bool = False
    occupation_wished: bool = False
    words_found: bool = False
    parts: list[Part] = field(default_factory=list)
    # Musts of the vacancy the person does not meet (shown when a coach widened).
    missing_licences: tuple[str, ...] = ()
    missing_certificates: tuple[str, ...] = ()
    # The Dutch level asked ("B1") when the person's is lower or unknown, else "".
    missing_dutch: str = ""
    # The person's own conditions the match breaks (reach, hours, work type).
    broken_conditions: tuple[Must, ...] = ()
    # False when the person said what work they want and this is not it.
    work_type_unwanted: bool = False
    # The day the search asks the person to start by, and the day they can start
    # (`date.toordinal()`; 0: now): shown only when the search asks (`Must.AVAILABILITY`).
    start_by: int | None = None
    start_from: int = 0

    @property
    def missing(self) -> tuple[Must, ...]:
        """Every must not met, in `Must` order."""
        missing = set(self.broken_conditions)
        if self.missing_licences:
            missing.add(Must.LICENCES)
        if self.missing_certificates:
            missing.add(Must.CERTIFICATES)
        if self.missing_dutch:
            missing.add(Must.DUTCH)
        return tuple(must for must in Must if must in missing)

    @property
    def meets_musts(self) -> bool:
        return not self.missing

    @property
    def score(self) -> int:
        return sum(part.points for part in self.parts)

    @property
    def required_met(self) -> list[SkillFit]:
        return [s for s in self.skills if s.required and s.met]

    @property
    def required_below_level(self) -> list[SkillFit]:
        return [s for s in self.skills if s.required and s.below_level]

    @property
    def required_missing(self) -> list[SkillFit]:
        return [s for s in self.skills if s.required and (s.have is None or s.related)]

    @property
    def nice_to_have_met(self) -> list[SkillFit]:
        return [s for s in self.skills if not s.required and s.met]

    @property
    def complete(self) -> bool:
        return not (self.required_missing or self.required_below_level)


def skill_points(
    *, required: bool, need: int, have: int | None, relation: Relation = Relation.EXACT
) -> int:
    if have is None:
        return 0
    return CREDITS[relation].points(required=required, met=have >= need)


def best_fit(
    *,
    concept_id: int,
    need: int,
    required: bool,
    options: list[tuple[int, Relation]],
    held: dict[int, tuple[int, bool]],
) -> SkillFit:
    """The fit of one asked skill: the best credit over the person's skills that bridge to it.

    `options` are (concept, relation) pairs that may credit the asked skill, the
    asked concept itself included. Ties go to the stronger relation, then the lower
    concept id, so the explanation names the same bridge every time.
    """
    best: tuple[int, int, int] | None = None
    chosen = SkillFit(concept_id, required, need, None, False, 0)
    for option_id, relation in options:
        if option_id not in held:
            continue
        have, by_staff = held[option_id]
        points = skill_points(required=required, need=need, have=have, relation=relation)
        rank = (-points, relation, option_id)
        if best is None or rank < best:
            best = rank
            chosen = SkillFit(
                concept_id,
                required,
                need,
                have,
                by_staff,
                points,
                None if relation == Relation.EXACT else option_id,
                relation,
            )
    return chosen


def _explain(
    *,
    needs: list[tuple[int, int, bool, list[tuple[int, Relation]]]],
    held: dict[int, tuple[int, bool]],
    person_point: tuple[float | None, float | None],
    vacancy_point: tuple[float | None, float | None],
    reach_km: int | None,
    person_hours: tuple[int | None, int | None],
    vacancy_hours: tuple[int | None, int | None],
    work_type_wished: bool,
    occupation_wished: bool,
    words: tuple[str, ...],
    tokens: tuple[str, ...],
) -> Explanation:
    explanation = Explanation(reach_km=reach_km)
    for concept_id, need, required, options in needs:
        explanation.skills.append(
            best_fit(
                concept_id=concept_id,
                need=need,
                required=required,
                options=[(concept_id, Relation.EXACT), *options],
                held=held,
            )
        )
    explanation.skills.sort(key=lambda s: (not s.required, s.have is None, s.concept_id))
    skills = explanation.skills
    required_met = sum(s.points for s in skills if s.required and s.met)
    required_below = sum(s.points for s in skills if s.required and s.below_level)
    nice = sum(s.points for s in skills if not s.required and not s.related)
    related = sum(s.points for s in skills if s.related)
    parts = explanation.parts
    parts.append(Part("required_met", required_met))
    parts.append(Part("required_below_level", required_below))
    parts.append(Part("nice_to_have_met", nice))
    parts.append(Part("related_skills", related))
    if None not in person_point and None not in vacancy_point:
        explanation.distance_km = distance_km(*person_point, *vacancy_point)
        explanation.within_reach = reach_km is not None and explanation.distance_km <= reach_km
    parts.append(Part("within_reach", WITHIN_REACH if explanation.within_reach else 0))
    explanation.hours_fit = hours_overlap(*person_hours, *vacancy_hours)
    parts.append(Part("hours_fit", HOURS_FIT if explanation.hours_fit else 0))
    explanation.work_type_wished = work_type_wished
    parts.append(Part("work_type_wished", WORK_TYPE_WISHED if work_type_wished else 0))
    explanation.occupation_wished = occupation_wished
    parts.append(Part("occupation_wished", OCCUPATION_WISHED if occupation_wished else 0))
    explanation.words_found = bool(words) and set(words) <= set(tokens)
    parts.append(Part("words_found", WORDS_FOUND if explanation.words_found else 0))
    return explanation


def explain_candidate(spec: CandidateSpec, portfolio: PortfolioIndexDocument) -> Explanation:
    """Why `portfolio` fits the vacancy of `spec`, part by part."""
    location = spec.location
    explanation = _explain(
        needs=[
            (n.concept_id, n.min_level, n.required, [(b.concept_id, b.relation) for b in n.bridges])
            for n in spec.needs
        ],
        held={s.concept_id: (s.level, s.assessed_by_staff) for s in portfolio.skills},
        person_point=(portfolio.latitude, portfolio.longitude),
        vacancy_point=(location.latitude, location.longitude) if location else (None, None),
        reach_km=portfolio.reach_km,
        person_hours=(portfolio.hours_min, portfolio.hours_max),
        vacancy_hours=(spec.hours_min, spec.hours_max),
        work_type_wished=bool(spec.work_type) and spec.work_type in portfolio.work_types,
        occupation_wished=spec.occupation_id is not None
        and spec.occupation_id in portfolio.occupation_ids,
        words=spec.text,
        tokens=portfolio.tokens,
    )
    if Must.LICENCES in spec.musts:
        explanation.missing_licences = tuple(
            sorted(spec.required_licences - set(portfolio.driving_licences))
        )
    if Must.CERTIFICATES in spec.musts:
        explanation.missing_certificates = tuple(
            sorted(spec.required_certificates - set(portfolio.certificates))
        )
    if Must.DUTCH in spec.musts and spec.required_dutch > dutch_rank(portfolio.dutch_level):
        explanation.missing_dutch = DUTCH_LEVELS[spec.required_dutch - 1]
    explanation.work_type_unwanted = (
        bool(spec.work_types)
        and bool(portfolio.work_types)
        and not (spec.work_types & set(portfolio.work_types))
    )
    broken = []
    if (
        Must.REACH in spec.musts
        and explanation.distance_km is not None
        and portfolio.reach_km is not None
        and explanation.distance_km > portfolio.reach_km
    ):
        broken.append(Must.REACH)
    if (
        Must.HOURS in spec.musts
        and None not in (portfolio.hours_min, portfolio.hours_max)
        and not explanation.hours_fit
    ):
        broken.append(Must.HOURS)
    if Must.WORK_TYPE in spec.musts and explanation.work_type_unwanted:
        broken.append(Must.WORK_TYPE)
    if Must.AVAILABILITY in spec.musts and spec.available_by is not None:
        explanation.start_by = spec.available_by
        explanation.start_from = portfolio.available_from
        if portfolio.available_from > spec.available_by:
            broken.append(Must.AVAILABILITY)
    explanation.broken_conditions = tuple(broken)
    return explanation


def explain_vacancy(spec: VacancySpec, vacancy: VacancyIndexDocument) -> Explanation:
    """Why `vacancy` fits the person of `spec`, part by part, and which of its musts the
    person misses (licences, certificates, Dutch)."""
    location = spec.location
    explanation = _explain(
        needs=[
            (s.concept_id, s.min_level, s.required, spec.credited.get(s.concept_id, []))
            for s in vacancy.skills
        ],
        held={s.concept_id: (s.level, False) for s in spec.skills},
        person_point=(location.latitude, location.longitude) if location else (None, None),
        vacancy_point=(vacancy.latitude, vacancy.longitude),
        reach_km=spec.reach_km,
        person_hours=(spec.hours_min, spec.hours_max),
        vacancy_hours=(vacancy.hours_min, vacancy.hours_max),
        work_type_wished=bool(vacancy.work_type) and vacancy.work_type in spec.work_types,
        occupation_wished=vacancy.occupation_id is not None
        and vacancy.occupation_id in spec.occupation_ids,
        words=spec.text,
        tokens=vacancy.tokens,
    )
    explanation.missing_licences = tuple(sorted(set(vacancy.driving_licences) - spec.licences))
    explanation.missing_certificates = tuple(sorted(set(vacancy.certificates) - spec.certificates))
    asked = dutch_rank(vacancy.dutch_level)
    if asked > spec.dutch:
        explanation.missing_dutch = DUTCH_LEVELS[asked - 1]
    return explanation
