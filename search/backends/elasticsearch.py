"""The Elasticsearch backend, written with the elasticsearch-dsl API of the 8.x client.

Shaped like Kitsune's search: one index per document type (portfolios, vacancies)
behind a read alias and a write alias. A rebuild creates new timestamped indices,
adds them to the write alias (live updates then go to old and new), bulk-loads them,
and swaps both aliases in one atomic call; searches read the old index until then.
Only one rebuild runs at a time: a second one, whose swap would delete the first's new
indices, is refused with `RebuildRunning`.

Every write carries an external version (nanoseconds since the epoch, taken once the
database has been read), so a rebuild batch read before a live update or deletion
cannot overwrite it in the new index: the engine keeps the higher version, deletions
included (a tombstone outlives a rebuild batch by far: `index.gc_deletes`, 60 s).

Scores are built from constant-score clauses only (one per fact of
`search.scoring`), because an exact integer sum needs no scripts and the embedded
test engine runs none. "Within reach" is one distance clause per REACH_BANDS step,
exact because `reach_km` is always a band value.

Skills are stored twice. `skills` keeps each skill as the issue describes it (concept
id and level; for vacancies also min_level and required), in the source only, not
indexed. Queries use flat keywords instead: `skill_levels` holds "<concept>:<level>"
per skill of a portfolio, and `skill_needs` "<concept>:<min_level>:<r|n>" per skill
of a vacancy. Levels are the four steps of `SkillLevel`, so "level ≥ 3" is the term
set {"c:3", "c:4"}: a constant-score `terms` clause that is exact on every engine.
Nested documents give the same answers but made indexing about three times and
searching several times slower on the test engine, and Elasticsearch stores each
nested skill as a hidden document of its own.

Only what a query, sort or facet uses is indexed, and `doc_values` (the column store
for sorting and aggregations) is off for fields that are only filtered on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.dsl import (
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    MetaField,
    Object,
    Q,
    Search,
)
from elasticsearch.dsl.query import Query
from elasticsearch.helpers import streaming_bulk

from portal.choices import SkillLevel

from .. import scoring
from ..documents import (
    AUDIENCE_EMPLOYERS,
    AUDIENCE_INTERMEDIARIES,
    AUDIENCE_NETWORK,
    PortfolioDocument,
    VacancyDocument,
    organisation_audience,
)
from ..extensions import organisation_facets
from ..spec import CandidateSpec, VacancySpec
from .base import (
    HOURS_STEPS,
    VACANCY_FACETS,
    FacetValue,
    Hit,
    MatchPage,
    RebuildReport,
    RebuildRunning,
    SearchBackend,
    SearchUnavailable,
    candidate_facet_names,
)

DEFAULT_INDEX_PREFIX = "talentbrug"
# Searches and writes give up after this long; the screens then say search is down.
REQUEST_TIMEOUT = 10
# The health check must answer quickly even when the cluster does not.
CHECK_TIMEOUT = 2
BULK_CHUNK = 1000
# Buckets per keyword facet: every Dutch municipality (about 340) fits.
FACET_SIZE = 1000
FIRST_INDEX = "initial"
INDEX_TIME = "%Y%m%d%H%M%S%f"
# A newer write already stored (409), or a deletion of what is not there (404).
IGNORED_WRITE_STATUS = (404, 409)


# The level scale portfolios and vacancies share (1..4).
LEVELS: tuple[int, ...] = tuple(SkillLevel.values)
REQUIRED, OPTIONAL = "r", "n"
# A rebuild whose new indices are younger than this and not yet searched is still running.
REBUILD_RUNNING_FOR = 60 * 60


def _skill_key(concept_id: int, level: int) -> str:
    return f"{concept_id}:{level}"


def _organisation_facet_key(facet: str, organisation_id: int, value: str) -> str:
    return f"{facet}:{organisation_id}:{value}"


def _need_key(concept_id: int, min_level: int, required: bool) -> str:
    return f"{concept_id}:{min_level}:{REQUIRED if required else OPTIONAL}"


def _filtered_keyword(**kwargs: Any) -> Keyword:
    # Filtered on only: no column store for sorting or aggregations.
    return Keyword(doc_values=False, **kwargs)


def _filtered_integer(**kwargs: Any) -> Integer:
    return Integer(doc_values=False, **kwargs)


class PortfolioEntry(Document):
    """A portfolio as the engine stores it: only what matching needs (see documents.py)."""

    portfolio_id = Integer()
    # [{"concept_id", "level"}], kept for reading; queries use skill_levels.
    skills = Object(enabled=False)
    skill_levels = _filtered_keyword(multi=True)
    occupation_ids = _filtered_integer(multi=True)
    location = GeoPoint()
    reach_km = _filtered_integer()
    hours_min = _filtered_integer()
    hours_max = Integer()
    work_types = Keyword(multi=True)
    driving_licences = Keyword(multi=True)
    municipality = Keyword()
    # Words from `spec.text_tokens`, compared whole: the same on every engine.
    tokens = _filtered_keyword(multi=True)
    audience = _filtered_keyword(multi=True)
    member_organisation_ids = _filtered_integer(multi=True)
    # "<facet>:<organisation>:<value>" (`search.extensions`); counted by filters, so
    # a viewer's count only ever reads their own organisations' keys.
    organisation_facets = _filtered_keyword(multi=True)

    class Meta:
        dynamic = MetaField("strict")


class VacancyEntry(Document):
    vacancy_id = Integer()
    # [{"concept_id", "min_level", "required"}], kept for reading; queries use skill_needs.
    skills = Object(enabled=False)
    skill_needs = _filtered_keyword(multi=True)
    required_skills = _filtered_integer()
    occupation_id = _filtered_integer()
    work_type = Keyword()
    hours_min = _filtered_integer()
    hours_max = _filtered_integer()
    location = GeoPoint()
    municipality = Keyword()
    tokens = _filtered_keyword(multi=True)
    audience = _filtered_keyword(multi=True)

    class Meta:
        dynamic = MetaField("strict")


def _location(latitude: float | None, longitude: float | None) -> dict[str, float] | None:
    if latitude is None or longitude is None:
        return None
    return {"lat": latitude, "lon": longitude}


def _portfolio_source(doc: PortfolioDocument) -> dict[str, Any]:
    return {
        "portfolio_id": doc.portfolio_id,
        "skills": [{"concept_id": s.concept_id, "level": s.level} for s in doc.skills],
        "skill_levels": [_skill_key(s.concept_id, s.level) for s in doc.skills],
        "occupation_ids": list(doc.occupation_ids),
        "location": _location(doc.latitude, doc.longitude),
        "reach_km": doc.reach_km,
        "hours_min": doc.hours_min,
        "hours_max": doc.hours_max,
        "work_types": list(doc.work_types),
        "driving_licences": list(doc.driving_licences),
        "municipality": doc.municipality or None,
        "tokens": list(doc.tokens),
        "audience": list(doc.audience),
        "member_organisation_ids": list(doc.member_organisation_ids),
        "organisation_facets": [
            _organisation_facet_key(*value) for value in doc.organisation_facets
        ],
    }


def _vacancy_source(doc: VacancyDocument) -> dict[str, Any]:
    return {
        "vacancy_id": doc.vacancy_id,
        "skills": [
            {"concept_id": s.concept_id, "min_level": s.min_level, "required": s.required}
            for s in doc.skills
        ],
        "skill_needs": [_need_key(s.concept_id, s.min_level, s.required) for s in doc.skills],
        "required_skills": sum(s.required for s in doc.skills),
        "occupation_id": doc.occupation_id,
        "work_type": doc.work_type or None,
        "hours_min": doc.hours_min,
        "hours_max": doc.hours_max,
        "location": _location(doc.latitude, doc.longitude),
        "municipality": doc.municipality or None,
        "tokens": list(doc.tokens),
        "audience": list(doc.audience),
    }


class IndexKind:
    """One document type: its index names and aliases under a prefix."""

    def __init__(self, prefix: str, name: str, document: type[Document]):
        self.base = f"{prefix}_{name}"
        self.read_alias = f"{self.base}_read"
        self.write_alias = f"{self.base}_write"
        self.document = document

    @property
    def first_index_name(self) -> str:
        return f"{self.base}_{FIRST_INDEX}"

    def new_index_name(self) -> str:
        return f"{self.base}_{datetime.now(UTC):{INDEX_TIME}}"

    def started(self, index: str) -> datetime | None:
        """When the rebuild that made this index started (None for the first index)."""
        suffix = index[len(self.base) + 1 :]
        if not suffix.isdigit():
            return None
        return datetime.strptime(suffix, INDEX_TIME).replace(tzinfo=UTC)

    def indices(self, client: Elasticsearch) -> dict[str, set[str]]:
        """This kind's indices and the aliases on each.

        A name pattern alone would also match another prefix that starts with this
        one ("talentbrug_portfolios_x_…"), so the suffix is checked too.
        """
        found = client.indices.get_alias(index=f"{self.base}_*", expand_wildcards="all")
        start = len(self.base) + 1
        return {
            name: set(info.get("aliases", {}))
            for name, info in found.items()
            if name[start:] == FIRST_INDEX or name[start:].isdigit()
        }

    def index(self, name: str, **index_settings: Any) -> Index:
        index = Index(name)
        index.document(self.document)
        if index_settings:
            index.settings(**index_settings)
        return index


@cache
def _client_for(url: str) -> Elasticsearch:
    # One client (and connection pool) per address and process.
    return Elasticsearch(url, request_timeout=REQUEST_TIMEOUT, max_retries=1)


def _version() -> int:
    return time.time_ns()


def _sorted_facet(pairs: Iterable[tuple[str, int]]) -> list[FacetValue]:
    values = [FacetValue(key, count) for key, count in pairs if key and count]
    return sorted(values, key=lambda value: (-value.count, value.key))


def _terms_facet(aggregation: Any) -> list[FacetValue]:
    return _sorted_facet((str(bucket.key), bucket.doc_count) for bucket in aggregation.buckets)


def _points(points: int, query: Query) -> Query:
    return Q("constant_score", filter=query, boost=points)


def _holds(concept_id: int, levels: Iterable[int] = LEVELS) -> Query | None:
    """The person holds this skill at one of these levels (None: at none possible)."""
    keys = [_skill_key(concept_id, level) for level in levels]
    return Q("terms", skill_levels=keys) if keys else None


def _at_least(level: int) -> list[int]:
    return [step for step in LEVELS if step >= level]


def _asks(concept_id: int, required: bool, min_levels: Iterable[int]) -> Query | None:
    """The vacancy asks this skill, (not) required, at one of these minimum levels."""
    keys = [_need_key(concept_id, min_level, required) for min_level in min_levels]
    return Q("terms", skill_needs=keys) if keys else None


def _geo_distance(km: float, latitude: float, longitude: float) -> Query:
    return Q("geo_distance", distance=f"{km}km", location={"lat": latitude, "lon": longitude})


def _all_words(words: Sequence[str]) -> Query:
    return Q("bool", filter=[Q("term", tokens=word) for word in words])


def _hours_overlap(hours_min: int | None, hours_max: int | None) -> Query | None:
    if hours_min is None or hours_max is None:
        return None
    return Q(
        "bool",
        filter=[Q("range", hours_min={"lte": hours_max}), Q("range", hours_max={"gte": hours_min})],
    )


class ElasticsearchBackend(SearchBackend):
    """Portfolios and vacancies in Elasticsearch (or an OpenSearch-compatible engine)."""

    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None, index_prefix: str | None = None):
        self._client = client
        prefix = index_prefix or getattr(settings, "SEARCH_INDEX_PREFIX", DEFAULT_INDEX_PREFIX)
        self.portfolio_kind = IndexKind(prefix, "portfolios", PortfolioEntry)
        self.vacancy_kind = IndexKind(prefix, "vacancies", VacancyEntry)

    @property
    def client(self) -> Elasticsearch:
        if self._client is not None:
            return self._client
        # Read per use, so a changed setting (tests, health checks) takes effect.
        url = settings.ELASTICSEARCH_URL
        if not url:
            raise SearchUnavailable("elasticsearch: ELASTICSEARCH_URL is not set")
        return _client_for(url)

    # Writes

    def index_portfolios(self, documents: Sequence[PortfolioDocument]) -> None:
        self._write(
            self.portfolio_kind, [(d.portfolio_id, _portfolio_source(d)) for d in documents]
        )

    def delete_portfolios(self, portfolio_ids: Collection[int]) -> None:
        self._write(self.portfolio_kind, [(pk, None) for pk in portfolio_ids])

    def index_vacancies(self, documents: Sequence[VacancyDocument]) -> None:
        self._write(self.vacancy_kind, [(d.vacancy_id, _vacancy_source(d)) for d in documents])

    def delete_vacancies(self, vacancy_ids: Collection[int]) -> None:
        self._write(self.vacancy_kind, [(pk, None) for pk in vacancy_ids])

    def _write(self, kind: IndexKind, items: list[tuple[int, dict[str, Any] | None]]) -> None:
        """Index (source) or delete (None) in every index the write alias points at.

        During a rebuild that is the old and the new index, so neither loses the update.
        Refreshed at once: a withdrawn consent must stop matching now, not in a second.
        """
        if not items:
            return
        version = _version()
        with self._engine_errors():
            indices = self._write_indices(kind)
            actions = [
                _action(index, pk, source, version) for index in indices for pk, source in items
            ]
            self._bulk(actions, refresh=True)

    def _write_indices(self, kind: IndexKind) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=kind.write_alias))
        except NotFoundError:
            pass
        # First write ever (or after reset): create the index with both aliases in one
        # request, so a concurrent first write finds it complete or creates the same name.
        index = kind.index(kind.first_index_name)
        index.aliases(**{kind.read_alias: {}, kind.write_alias: {}})
        try:
            index.create(using=self.client)
        except ApiError as error:
            if error.meta.status != 400 or "already_exists" not in str(error):
                raise
        return sorted(self.client.indices.get_alias(name=kind.write_alias))

    def _bulk(self, actions: Iterable[dict[str, Any]], **kwargs: Any) -> int:
        """Send actions in chunks; a newer version already stored is not an error."""
        done = 0
        for ok, _item in streaming_bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK,
            ignore_status=IGNORED_WRITE_STATUS,
            **kwargs,
        ):
            done += ok
        return done

    # Searches

    def candidates(self, spec: CandidateSpec) -> MatchPage:
        viewer = spec.viewer
        if viewer.sees_nothing:
            return MatchPage(
                hits=[], total=0, facets={name: [] for name in candidate_facet_names()}
            )
        search = Search(index=self.portfolio_kind.read_alias).query(
            Q("bool", filter=self._candidate_filters(spec), should=self._candidate_points(spec))
        )
        search = _page(search, "portfolio_id", spec.offset, spec.page_size)
        needs = sorted({need.concept_id for need in spec.needs})
        if needs:
            search.aggs.bucket("skills", "filters", filters={str(pk): _holds(pk) for pk in needs})
        search.aggs.bucket(
            "hours",
            "range",
            field="hours_max",
            ranges=[{"key": str(step), "from": step} for step in HOURS_STEPS],
        )
        for name, field in (
            ("municipality", "municipality"),
            ("driving_licences", "driving_licences"),
            ("work_types", "work_types"),
        ):
            search.aggs.bucket(name, "terms", field=field, size=FACET_SIZE)
        own = sorted(viewer.organisation_ids)
        own_facets = {
            f"{facet.name} {value}": Q(
                "terms",
                organisation_facets=[_organisation_facet_key(facet.name, pk, value) for pk in own],
            )
            for facet in organisation_facets()
            for value in facet.values
        }
        if own and own_facets:
            search.aggs.bucket("organisation_facets", "filters", filters=own_facets)

        def facets(aggregations: Any) -> dict[str, list[FacetValue]]:
            skills_facet = []
            if needs:
                skills_facet = _sorted_facet(
                    (key, bucket.doc_count)
                    for key, bucket in aggregations.skills.buckets.to_dict().items()
                )
            found = {
                "skills": skills_facet,
                "municipality": _terms_facet(aggregations.municipality),
                "hours": _sorted_facet(
                    (bucket.key, bucket.doc_count) for bucket in aggregations.hours.buckets
                ),
                "driving_licences": _terms_facet(aggregations.driving_licences),
                "work_types": _terms_facet(aggregations.work_types),
            }
            counts: dict[str, list[tuple[str, int]]] = {
                facet.name: [] for facet in organisation_facets()
            }
            if own and own_facets:
                for key, bucket in aggregations.organisation_facets.buckets.to_dict().items():
                    name, _, value = key.partition(" ")
                    counts[name].append((value, bucket.doc_count))
            found.update({name: _sorted_facet(pairs) for name, pairs in counts.items()})
            return found

        return self._run(search, candidate_facet_names(), facets)

    def _candidate_filters(self, spec: CandidateSpec) -> list[Query]:
        viewer, chosen = spec.viewer, spec.filters
        # Access first: only what this viewer may open can match, count or appear in a facet.
        own = sorted(viewer.organisation_ids)
        access = []
        if own:
            access.append(Q("terms", audience=[organisation_audience(pk) for pk in own]))
        if viewer.is_intermediary:
            access.append(
                Q(
                    "bool",
                    filter=[Q("term", audience=AUDIENCE_NETWORK)],
                    must_not=[Q("terms", member_organisation_ids=own)] if own else [],
                )
            )
        if viewer.is_employer:
            access.append(Q("term", audience=AUDIENCE_EMPLOYERS))
        filters = [Q("bool", should=access, minimum_should_match=1)]
        if chosen.radius_km is not None and spec.location is not None:
            filters.append(
                _geo_distance(chosen.radius_km, spec.location.latitude, spec.location.longitude)
            )
        if chosen.only_complete:
            filters += [
                _holds(need.concept_id, _at_least(need.min_level)) or Q("match_none")
                for need in spec.required
            ]
        filters += [_holds(pk) for pk in sorted(chosen.skill_ids)]
        if chosen.municipalities:
            filters.append(Q("terms", municipality=sorted(chosen.municipalities)))
        if chosen.min_hours is not None:
            filters.append(Q("range", hours_max={"gte": chosen.min_hours}))
        filters += [Q("term", driving_licences=code) for code in sorted(chosen.driving_licences)]
        if chosen.work_types:
            filters.append(Q("terms", work_types=sorted(chosen.work_types)))
        for name, values in chosen.organisation_facet_choices().items():
            # Only what the viewer's own organisations recorded (none: nothing matches).
            keys = [_organisation_facet_key(name, pk, value) for pk in own for value in values]
            filters.append(Q("terms", organisation_facets=keys) if keys else Q("match_none"))
        return filters

    def _candidate_points(self, spec: CandidateSpec) -> list[Query]:
        """One constant-score clause per fact of scoring.explain_candidate; they add up."""
        points = []
        for need in spec.needs:
            met = _holds(need.concept_id, _at_least(need.min_level))
            below = _holds(need.concept_id, [lv for lv in LEVELS if lv < need.min_level])
            if need.required:
                points += [
                    _points(weight, query)
                    for weight, query in (
                        (scoring.REQUIRED_MET, met),
                        (scoring.REQUIRED_BELOW_LEVEL, below),
                    )
                    if query is not None
                ]
            elif met is not None:
                points.append(_points(scoring.NICE_TO_HAVE_MET, met))
        location = spec.location
        if location is not None:
            radius = spec.filters.radius_km
            # Within reach ⇔ distance ≤ reach_km, and reach_km is always a band: one
            # clause per band b for the people whose reach is exactly b. With a radius
            # filter, everyone reaching at least the first band at or past the radius is
            # within reach, so that band's clause takes them all (as does the top band's,
            # the largest reach there is, without one).
            *below, last = scoring.bands_up_to(radius)
            bands = [
                Q(
                    "bool",
                    filter=[
                        Q("term", reach_km=band),
                        _geo_distance(band, location.latitude, location.longitude),
                    ],
                )
                for band in below
            ]
            bands.append(
                Q(
                    "bool",
                    filter=[
                        Q("range", reach_km={"gte": last}),
                        _geo_distance(last, location.latitude, location.longitude),
                    ],
                )
            )
            points.append(
                _points(scoring.WITHIN_REACH, Q("bool", should=bands, minimum_should_match=1))
            )
        hours = _hours_overlap(spec.hours_min, spec.hours_max)
        if hours is not None:
            points.append(_points(scoring.HOURS_FIT, hours))
        if spec.work_type:
            points.append(_points(scoring.WORK_TYPE_WISHED, Q("term", work_types=spec.work_type)))
        if spec.occupation_id is not None:
            points.append(
                _points(scoring.OCCUPATION_WISHED, Q("term", occupation_ids=spec.occupation_id))
            )
        if spec.text:
            points.append(_points(scoring.WORDS_FOUND, _all_words(spec.text)))
        return points

    def vacancies(self, spec: VacancySpec) -> MatchPage:
        search = Search(index=self.vacancy_kind.read_alias).query(
            Q("bool", filter=self._vacancy_filters(spec), should=self._vacancy_points(spec))
        )
        search = _page(search, "vacancy_id", spec.offset, spec.page_size)
        search.aggs.bucket("municipality", "terms", field="municipality", size=FACET_SIZE)
        search.aggs.bucket("work_types", "terms", field="work_type", size=FACET_SIZE)

        def facets(aggregations: Any) -> dict[str, list[FacetValue]]:
            return {
                "municipality": _terms_facet(aggregations.municipality),
                "work_types": _terms_facet(aggregations.work_types),
            }

        return self._run(search, VACANCY_FACETS, facets)

    def _vacancy_filters(self, spec: VacancySpec) -> list[Query]:
        chosen = spec.filters
        filters = [Q("term", audience=AUDIENCE_INTERMEDIARIES)]
        if chosen.radius_km is not None and spec.location is not None:
            filters.append(
                _geo_distance(chosen.radius_km, spec.location.latitude, spec.location.longitude)
            )
        if chosen.only_complete:
            # Complete: the person meets as many required skills as the vacancy has.
            # One clause per skill held, each matching at most one need (a vacancy asks
            # a concept once), so `minimum_should_match` counts the needs met.
            held = _held_levels(spec)
            met = [_asks(pk, True, [m for m in LEVELS if m <= level]) for pk, level in held.items()]
            met = [query for query in met if query is not None]
            filters.append(
                Q(
                    "bool",
                    should=[
                        Q(
                            "bool",
                            filter=[Q("term", required_skills=count)],
                            should=met if count else [],
                            minimum_should_match=count,
                        )
                        for count in range(len(met) + 1)
                    ],
                    minimum_should_match=1,
                )
            )
        if chosen.municipalities:
            filters.append(Q("terms", municipality=sorted(chosen.municipalities)))
        if chosen.work_types:
            filters.append(Q("terms", work_type=sorted(chosen.work_types)))
        return filters

    def _vacancy_points(self, spec: VacancySpec) -> list[Query]:
        """One constant-score clause per fact of scoring.explain_vacancy; they add up."""
        points = []
        for pk, level in _held_levels(spec).items():
            reached = [m for m in LEVELS if m <= level]
            above = [m for m in LEVELS if m > level]
            for weight, query in (
                (scoring.REQUIRED_MET, _asks(pk, True, reached)),
                (scoring.REQUIRED_BELOW_LEVEL, _asks(pk, True, above)),
                (scoring.NICE_TO_HAVE_MET, _asks(pk, False, reached)),
            ):
                if query is not None:
                    points.append(_points(weight, query))
        location = spec.location
        if location is not None and spec.reach_km is not None:
            points.append(
                _points(
                    scoring.WITHIN_REACH,
                    _geo_distance(spec.reach_km, location.latitude, location.longitude),
                )
            )
        hours = _hours_overlap(spec.hours_min, spec.hours_max)
        if hours is not None:
            points.append(_points(scoring.HOURS_FIT, hours))
        work_types = sorted(work_type for work_type in spec.work_types if work_type)
        if work_types:
            points.append(_points(scoring.WORK_TYPE_WISHED, Q("terms", work_type=work_types)))
        if spec.occupation_ids:
            points.append(
                _points(
                    scoring.OCCUPATION_WISHED,
                    Q("terms", occupation_id=sorted(spec.occupation_ids)),
                )
            )
        if spec.text:
            points.append(_points(scoring.WORDS_FOUND, _all_words(spec.text)))
        return points

    def _run(
        self,
        search: Search,
        facet_names: Sequence[str],
        facets: Callable[[Any], dict[str, list[FacetValue]]],
    ) -> MatchPage:
        with self._engine_errors():
            try:
                response = search.using(self.client).execute()
            except NotFoundError:
                # Nothing indexed yet: the index is created by the first write.
                return MatchPage(hits=[], total=0, facets={name: [] for name in facet_names})
        hits = [Hit(id=int(hit.meta.id), score=round(hit.meta.score)) for hit in response.hits]
        return MatchPage(
            hits=hits, total=response.hits.total.value, facets=facets(response.aggregations)
        )

    # Rebuild, check, reset

    def rebuild(
        self,
        *,
        portfolios: Iterable[Sequence[PortfolioDocument]],
        vacancies: Iterable[Sequence[VacancyDocument]],
    ) -> RebuildReport:
        started = time.perf_counter()
        kinds = (self.portfolio_kind, self.vacancy_kind)
        new = {kind.base: kind.new_index_name() for kind in kinds}
        with self._engine_errors():
            try:
                for kind in kinds:
                    # No refresh while loading: one at the end is much cheaper.
                    kind.index(new[kind.base], refresh_interval="-1").create(using=self.client)
                self._refuse_when_running(kinds, new)
                # From now on live updates reach the new indices as well as the old.
                self.client.indices.update_aliases(
                    actions=[
                        {"add": {"index": new[kind.base], "alias": kind.write_alias}}
                        for kind in kinds
                    ]
                )
                portfolio_count = self._load(
                    new[self.portfolio_kind.base],
                    portfolios,
                    lambda d: (d.portfolio_id, _portfolio_source(d)),
                )
                vacancy_count = self._load(
                    new[self.vacancy_kind.base],
                    vacancies,
                    lambda d: (d.vacancy_id, _vacancy_source(d)),
                )
                for kind in kinds:
                    self.client.indices.put_settings(
                        index=new[kind.base], settings={"index": {"refresh_interval": None}}
                    )
                self.client.indices.refresh(index=list(new.values()))
                old = self._swap(kinds, new)
            except BaseException:
                # Leave no half-built index behind in the write alias.
                with suppress(ApiError, TransportError):
                    self.client.indices.delete(index=list(new.values()), ignore_unavailable=True)
                raise
            if old:
                self.client.indices.delete(index=old, ignore_unavailable=True)
        return RebuildReport(
            portfolios=portfolio_count,
            vacancies=vacancy_count,
            seconds=time.perf_counter() - started,
        )

    def _load(
        self,
        index: str,
        batches: Iterable[Sequence[Any]],
        source: Callable[[Any], tuple[int, dict[str, Any]]],
    ) -> int:
        def actions() -> Iterator[dict[str, Any]]:
            iterator = iter(batches)
            while True:
                # The version is taken before the batch is read from the database: an
                # update committed while it is read carries a higher one and wins.
                version = _version()
                batch = next(iterator, None)
                if batch is None:
                    return
                for document in batch:
                    pk, body = source(document)
                    yield _action(index, pk, body, version)

        return self._bulk(actions())

    def _refuse_when_running(self, kinds: Sequence[IndexKind], new: dict[str, str]) -> None:
        """Refuse when an older rebuild is still loading: its swap would delete ours, or ours its.

        Checked once our own indices exist, so of two rebuilds started together the
        younger one refuses. A loading index is one not searched yet (no read alias);
        one older than REBUILD_RUNNING_FOR belongs to a rebuild that died and is deleted
        by the next swap.
        """
        since = datetime.now(UTC) - timedelta(seconds=REBUILD_RUNNING_FOR)
        for kind in kinds:
            for index, aliases in kind.indices(self.client).items():
                started = kind.started(index)
                if (
                    kind.read_alias not in aliases
                    and started is not None
                    and since < started
                    and index < new[kind.base]
                ):
                    raise RebuildRunning(
                        f"A search rebuild is already running (since {started:%H:%M:%S} UTC, "
                        f"index {index}); try again when it is done."
                    )

    def _swap(self, kinds: Sequence[IndexKind], new: dict[str, str]) -> list[str]:
        """Point both aliases of every kind at its new index, all in one atomic call."""
        actions: list[dict[str, Any]] = []
        old = []
        for kind in kinds:
            for index, aliases in kind.indices(self.client).items():
                if index == new[kind.base]:
                    continue
                old.append(index)
                actions += [
                    {"remove": {"index": index, "alias": alias}}
                    for alias in sorted(aliases & {kind.read_alias, kind.write_alias})
                ]
            actions.append({"add": {"index": new[kind.base], "alias": kind.read_alias}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def check(self) -> None:
        try:
            health = self.client.options(
                request_timeout=CHECK_TIMEOUT, max_retries=0
            ).cluster.health()
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(f"elasticsearch: {type(error).__name__}") from error
        status = health.get("status", "unknown")
        if status not in {"green", "yellow"}:
            raise SearchUnavailable(f"elasticsearch: {status}")

    def reset(self) -> None:
        with self._engine_errors():
            for kind in (self.portfolio_kind, self.vacancy_kind):
                # By name: Elasticsearch 8 refuses to delete indices by wildcard.
                names = sorted(kind.indices(self.client))
                if names:
                    self.client.indices.delete(index=names, ignore_unavailable=True)

    @contextmanager
    def _engine_errors(self) -> Iterator[None]:
        """Any engine failure becomes SearchUnavailable, which the screens explain."""
        try:
            yield
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(f"elasticsearch: {error}") from error


def _action(index: str, pk: int, source: dict[str, Any] | None, version: int) -> dict[str, Any]:
    action: dict[str, Any] = {
        "_index": index,
        "_id": str(pk),
        "version": version,
        "version_type": "external",
    }
    if source is None:
        action["_op_type"] = "delete"
    else:
        action["_source"] = source
    return action


def _held_levels(spec: VacancySpec) -> dict[int, int]:
    # One level per concept, as scoring.explain_vacancy reads them.
    return {held.concept_id: held.level for held in spec.skills}


def _page(search: Search, id_field: str, offset: int, size: int) -> Search:
    return (
        search.sort({"_score": {"order": "desc"}}, {id_field: {"order": "asc"}})
        .extra(track_total_hits=True)
        .source(False)[offset : offset + size]
    )
