"""The database search backend at 10k and 100k demo portfolios: rebuild speed and search latency.

Loads `demo_data --size 10k`, then `100k` (SQLite: 10k only), rebuilds the index
with `search.indexing.rebuild` and times `backend.candidates(spec)` for up to 50
open demo vacancies, each searched within RADIUS_KM of its place by a coach of
the training centre with the most jobseekers (their own organisation's people
plus what the network shares). Beside that fast path it times every shape the
search screen makes (SHAPES): no radius, free text, facets filtered, a start date,
and a coach who works for several organisations; later pages of some (SHAPE_PAGES);
and the free search's (FREE_SHAPES: every field of its form, with skills or without,
an employer's recruiter's among them). Timings run without `tracemalloc` (it slows
Python down several times); memory is measured in a pass of its own. Figures go into the report under
`search_database_<vendor>_<size>_*`. The backend searches the columns it holds in memory,
as configured by default; beside the searches the bench reports what reading them costs
(`_columns_figures`), and with BENCH_SEARCH_SQL=1 the same searches by SQL
(`search_database_sql_<vendor>_<size>_*`).

Other engines measure the same searches through `also`: callables
`(report, size, vacancies, viewer)` called at each size after the database
backend, e.g. the Elasticsearch and Wagtail-search benches.
"""

import io
import os
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from portal.choices import Certificate, WorkType
from portal.organisations.models import (
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)
from search.backends import get_backend
from search.backends.database import DatabaseBackend
from search.backends.database.columns import CurrentColumns
from search.bridges import bridges_to
from search.builders import (
    indexable_vacancy_ids,
    portfolio_documents,
    vacancy_documents,
    viewer_for,
)
from search.documents import VacancyIndexDocument
from search.extensions import organisation_facets
from search.indexing import rebuild
from search.spec import (
    CandidateFilters,
    FreeCriteria,
    Must,
    Point,
    Viewer,
    candidate_spec,
    free_candidate_spec,
)
from tests.bench.timing import percentile

VACANCIES = 50
RADIUS_KM = 25
REPEAT = 5  # timed searches per vacancy
# Searches timed right after one portfolio changed.
CHANGED_SEARCHES = 20
# A start date a coach asks: people who can start within a month.
SOON = date.today().toordinal() + 30

# Every shape a coach makes on the search screen, with related skills on as the screen
# has them: (filters, words, who searches). "one": a coach of one training centre;
# "several": a coach who works for the SEVERAL largest intermediaries at once (their
# audiences add up). Timed on SHAPE_VACANCIES vacancies, SHAPE_REPEAT times.
SEVERAL = 3
SHAPES: dict[str, tuple[CandidateFilters, str, str]] = {
    "radius25": (CandidateFilters(radius_km=RADIUS_KM), "", "one"),
    "no_radius": (CandidateFilters(), "", "one"),
    "radius25_words": (CandidateFilters(radius_km=RADIUS_KM), "magazijn", "one"),
    "no_radius_words": (CandidateFilters(), "magazijn", "one"),
    "radius25_only_complete": (
        CandidateFilters(radius_km=RADIUS_KM, only_complete=True),
        "",
        "one",
    ),
    "radius25_hours24": (CandidateFilters(radius_km=RADIUS_KM, min_hours=24), "", "one"),
    "no_radius_only_complete": (CandidateFilters(only_complete=True), "", "one"),
    # Facets ticked on the screen: a work type, a driving licence, hours, and the
    # organisation facet value most of the coach's people have (filled in by `_facet_filters`).
    "no_radius_facets": (
        CandidateFilters(
            work_types=frozenset({WorkType.PAID_JOB}),
            driving_licences=frozenset({"B"}),
            min_hours=16,
        ),
        "",
        "one",
    ),
    "several_radius25": (CandidateFilters(radius_km=RADIUS_KM), "", "several"),
    "several_no_radius": (CandidateFilters(), "", "several"),
    "several_no_radius_words_facets": (
        CandidateFilters(work_types=frozenset({WorkType.PAID_JOB}), min_hours=16),
        "magazijn",
        "several",
    ),
    # The coach widened every must: near misses ranked after the complete matches.
    "radius25_widened": (CandidateFilters(radius_km=RADIUS_KM, widened=True), "", "one"),
    "no_radius_widened": (CandidateFilters(widened=True), "", "one"),
    "several_no_radius_widened": (CandidateFilters(widened=True), "", "several"),
    # The coach widened only the person's own reach: the other musts still narrow.
    "no_radius_widen_reach": (CandidateFilters(widen=frozenset({Must.REACH})), "", "one"),
    "several_no_radius_widen_reach": (
        CandidateFilters(widen=frozenset({Must.REACH})),
        "",
        "several",
    ),
    # The radius is any number of kilometres up to `search.forms.MAX_RADIUS_KM`.
    "radius100": (CandidateFilters(radius_km=100), "", "one"),
    "radius100_widened": (CandidateFilters(radius_km=100, widened=True), "", "one"),
    # A driving licence ticked within a radius; a start date asked, as a must or widened.
    "radius25_licence": (
        CandidateFilters(radius_km=RADIUS_KM, driving_licences=frozenset({"B"})),
        "",
        "one",
    ),
    "no_radius_start_date": (CandidateFilters(available_by=SOON), "", "one"),
    "no_radius_widened_start_date": (
        CandidateFilters(available_by=SOON, widened=True),
        "",
        "one",
    ),
}
# Later pages, as a coach pages on: (the shape, the page).
SHAPE_PAGES: dict[str, tuple[str, int]] = {
    "no_radius_page2": ("no_radius", 2),
    "no_radius_page5": ("no_radius", 5),
    "radius25_page5": ("radius25", 5),
    "no_radius_widened_page5": ("no_radius_widened", 5),
    "no_radius_widen_reach_page5": ("no_radius_widen_reach", 5),
}
SHAPE_VACANCIES = 20
SHAPE_REPEAT = 3

AtSize = Callable[[dict, str, list[VacancyIndexDocument], Viewer], None]


def bench_vacancies(limit: int = VACANCIES) -> list[VacancyIndexDocument]:
    """Up to `limit` open vacancies with a place and skills, in id order (the same every run)."""
    documents = vacancy_documents(indexable_vacancy_ids()).values()
    usable = [doc for doc in documents if doc.latitude is not None and doc.skills]
    return sorted(usable, key=lambda doc: doc.vacancy_id)[:limit]


def bench_viewer() -> Viewer:
    """A coach of the training centre with the most active jobseekers."""
    centre = (
        Organisation.objects.filter(kind=OrganisationKind.TRAINING_CENTRE)
        .annotate(
            jobseekers=Count(
                "memberships",
                filter=Q(memberships__role=Role.JOBSEEKER, memberships__is_active=True),
            )
        )
        .order_by("-jobseekers", "pk")
        .first()
    )
    coach = (
        Membership.objects.active()
        .filter(organisation=centre, role=Role.COACH)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return viewer_for(coach.user)


def bench_viewer_of_several(count: int = SEVERAL) -> Viewer:
    """A coach at the `count` approved intermediaries with the most active jobseekers."""
    largest = (
        Organisation.objects.filter(kind__in=INTERMEDIARY_KINDS)
        .annotate(
            jobseekers=Count(
                "memberships",
                filter=Q(memberships__role=Role.JOBSEEKER, memberships__is_active=True),
            )
        )
        .order_by("-jobseekers", "pk")
        .values_list("pk", flat=True)[:count]
    )
    return Viewer(organisation_ids=frozenset(largest), is_intermediary=True)


def bench_recruiter() -> Viewer:
    """A recruiter of an approved employer: the free search within what jobseekers share
    with employers."""
    recruiter = (
        Membership.objects.active()
        .filter(
            role=Role.RECRUITER,
            organisation__kind=OrganisationKind.EMPLOYER,
            organisation__status=OrganisationStatus.APPROVED,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return viewer_for(recruiter.user)


def _facet_filters(filters: CandidateFilters, viewer: Viewer) -> CandidateFilters:
    """`filters` with the organisation facet value most of the viewer's jobseekers have ticked
    as well, as a coach narrows a list: a facet's first value may belong to nobody, and a
    shape that matches no one times nothing."""
    people = list(
        Membership.objects.active()
        .filter(organisation_id__in=viewer.organisation_ids, role=Role.JOBSEEKER)
        .values_list("user_id", flat=True)
    )
    held = Counter(
        (facet.name, value)
        for facet in organisation_facets()
        for pairs in facet.provider(people).values()
        for organisation_id, value in pairs
        if organisation_id in viewer.organisation_ids and value in facet.values
    )
    chosen = frozenset(pair for pair, _count in held.most_common(1))
    return replace(filters, organisation_facets=chosen)


def _search_figures(
    prefix: str,
    vacancies: list[VacancyIndexDocument],
    viewer: Viewer,
    backend: DatabaseBackend,
) -> dict:
    specs = [
        candidate_spec(doc, viewer=viewer, filters=CandidateFilters(radius_km=RADIUS_KM))
        for doc in vacancies
    ]
    # Its columns read first, as a web worker does before it serves (`_columns_figures`).
    backend.warm_up()
    samples: list[float] = []
    queries = 0
    totals = []
    for spec in specs:
        with CaptureQueriesContext(connection) as captured:
            backend.candidates(spec)  # also the warm-up
        queries = max(queries, len(captured))
        for _ in range(REPEAT):
            started = time.perf_counter()
            page = backend.candidates(spec)
            samples.append((time.perf_counter() - started) * 1000)
        totals.append(page.total)
    # Memory in a pass of its own: tracemalloc would slow the timed searches down.
    tracemalloc.start()
    for spec in specs:
        backend.candidates(spec)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        f"{prefix}_vacancies": len(specs),
        f"{prefix}_p50_ms": round(percentile(samples, 0.50), 2) if samples else None,
        f"{prefix}_p95_ms": round(percentile(samples, 0.95), 2) if samples else None,
        f"{prefix}_queries": queries,
        f"{prefix}_matches_median": sorted(totals)[len(totals) // 2] if totals else 0,
        f"{prefix}_search_peak_python_kb": round(peak / 1024),
    }
    viewers = {"one": viewer, "several": bench_viewer_of_several(), "recruiter": bench_recruiter()}
    figures.update(_shape_figures(prefix, vacancies, viewers, backend))
    figures.update(_free_search_figures(prefix, vacancies, viewers, backend))
    return figures


def _columns_figures(prefix: str, vacancies: list[VacancyIndexDocument], viewer: Viewer) -> dict:
    """What the columns in memory cost (`search.backends.database.columns`): reading every
    row into a process that has none, the memory they hold, and a search right after one
    portfolio changed (it reads that portfolio's rows again first)."""
    started = time.perf_counter()
    held = CurrentColumns().get()
    load_seconds = time.perf_counter() - started
    # Memory in a read of its own: tracemalloc slowed the read down eight times.
    tracemalloc.start()
    kept = CurrentColumns().get()
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    backend = DatabaseBackend(in_memory=True)
    backend.candidates(candidate_spec(vacancies[0], viewer=viewer))  # its first full read
    documents = portfolio_documents(list(held.portfolio_id[: CHANGED_SEARCHES * 2].tolist()))
    samples: list[float] = []
    for document, vacancy in zip(documents.values(), vacancies, strict=False):
        if len(samples) == CHANGED_SEARCHES:
            break
        backend.index_portfolios([document])
        spec = candidate_spec(vacancy, viewer=viewer, filters=CandidateFilters(radius_km=RADIUS_KM))
        started = time.perf_counter()
        backend.candidates(spec)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        f"{prefix}_columns_load_seconds": round(load_seconds, 2),
        f"{prefix}_columns_mb": round(size / 1024 / 1024, 1),
        f"{prefix}_search_after_change_p50_ms": round(percentile(samples, 0.50), 2),
        f"{prefix}_search_after_change_p95_ms": round(percentile(samples, 0.95), 2),
    }


class FreeShape(NamedTuple):
    """A free search asked with a bench vacancy's required skills (or none: `skills`),
    its occupation as the work wanted (`occupation`), its place or not, who searches,
    which page, and what else the form asks (`FreeCriteria` fields)."""

    located: bool
    who: str = "one"
    page: int = 1
    asked: tuple[tuple[str, object], ...] = ()
    skills: bool = True
    occupation: bool = False


# The free search's shapes, asked with each bench vacancy's skills and place as a coach
# would type them.
FREE_SHAPES: dict[str, FreeShape] = {
    "skill_only": FreeShape(False),
    "skill_radius25": FreeShape(True, asked=(("radius_km", RADIUS_KM),)),
    "skill_no_radius": FreeShape(True),
    "skill_radius25_hours24": FreeShape(True, asked=(("radius_km", RADIUS_KM), ("min_hours", 24))),
    "several_skill_only": FreeShape(False, "several"),
    # Musts that narrow per person, without a radius: the matches are counted one by one.
    "skill_no_radius_hours24": FreeShape(True, asked=(("min_hours", 24),)),
    "skill_no_radius_work_type": FreeShape(
        True, asked=(("work_types", frozenset({WorkType.PAID_JOB})),)
    ),
    "skill_no_radius_start_date": FreeShape(True, asked=(("available_by", SOON),)),
    "skill_no_radius_only_complete": FreeShape(True, asked=(("only_complete", True),)),
    "skill_radius25_licence": FreeShape(
        True, asked=(("radius_km", RADIUS_KM), ("driving_licences", frozenset({"B"})))
    ),
    "skill_no_radius_page5": FreeShape(True, page=5),
    # An employer's recruiter: only what jobseekers share with employers.
    "recruiter_skill_only": FreeShape(False, "recruiter"),
    "recruiter_skill_radius25": FreeShape(True, "recruiter", asked=(("radius_km", RADIUS_KM),)),
    "recruiter_skill_no_radius": FreeShape(True, "recruiter"),
    "recruiter_skill_no_radius_page5": FreeShape(True, "recruiter", page=5),
    # The form asks no skill: any one field is a search ("who near Veendam wants 24+
    # hours?"), and everyone the searcher may find matches unless a must narrows.
    "place_only": FreeShape(True, skills=False),
    "place_radius25": FreeShape(True, asked=(("radius_km", RADIUS_KM),), skills=False),
    "hours24_only": FreeShape(False, asked=(("min_hours", 24),), skills=False),
    "place_hours24": FreeShape(True, asked=(("min_hours", 24),), skills=False),
    "licence_only": FreeShape(False, asked=(("driving_licences", frozenset({"B"})),), skills=False),
    "occupation_only": FreeShape(False, skills=False, occupation=True),
    "occupation_no_radius": FreeShape(True, skills=False, occupation=True),
    "words_only": FreeShape(False, asked=(("text", "magazijn"),), skills=False),
    "recruiter_place_only": FreeShape(True, "recruiter", skills=False),
    "several_place_only": FreeShape(True, "several", skills=False),
    # With skills: the work wanted, words, the other musts, and musts widened on purpose.
    "skill_occupation_no_radius": FreeShape(True, occupation=True),
    "skill_words_no_radius": FreeShape(True, asked=(("text", "magazijn"),)),
    "skill_no_radius_licence": FreeShape(True, asked=(("driving_licences", frozenset({"B"})),)),
    "skill_no_radius_certificate": FreeShape(
        True, asked=(("certificates", frozenset({Certificate.VCA_BASIC})),)
    ),
    "skill_no_radius_dutch": FreeShape(True, asked=(("dutch_level", "B1"),)),
    "skill_no_radius_hours24_widened": FreeShape(
        True, asked=(("min_hours", 24), ("widen", frozenset({Must.HOURS})))
    ),
    "skill_no_radius_licence_widened": FreeShape(
        True,
        asked=(("driving_licences", frozenset({"B"})), ("widen", frozenset({Must.LICENCES}))),
    ),
    "several_skill_no_radius_hours24": FreeShape(True, "several", asked=(("min_hours", 24),)),
    "recruiter_skill_no_radius_hours24": FreeShape(True, "recruiter", asked=(("min_hours", 24),)),
}


def _free_search_figures(
    prefix: str,
    vacancies: list[VacancyIndexDocument],
    viewers: dict[str, Viewer],
    backend: DatabaseBackend,
) -> dict:
    """Latency of the free candidate search, related skills on (`search.spec.free_candidate_spec`)."""
    figures = {}
    for shape, free in FREE_SHAPES.items():
        samples: list[float] = []
        for doc in vacancies[:SHAPE_VACANCIES]:
            skill_ids = tuple(skill.concept_id for skill in doc.skills if skill.required)
            criteria = FreeCriteria(
                skill_ids=(skill_ids or (doc.skills[0].concept_id,)) if free.skills else (),
                occupation_id=doc.occupation_id if free.occupation else None,
                location=Point(doc.latitude, doc.longitude) if free.located else None,
                **dict(free.asked),
            )
            spec = free_candidate_spec(
                criteria,
                viewer=viewers[free.who],
                page=free.page,
                bridges=bridges_to(criteria.skill_ids),
            )
            backend.candidates(spec)  # warm-up
            for _ in range(SHAPE_REPEAT):
                started = time.perf_counter()
                backend.candidates(spec)
                samples.append((time.perf_counter() - started) * 1000)
        key = f"{prefix}_free_{shape}"
        figures[f"{key}_p50_ms"] = round(percentile(samples, 0.50), 2) if samples else None
        figures[f"{key}_p95_ms"] = round(percentile(samples, 0.95), 2) if samples else None
    return figures


def _shape_figures(
    prefix: str,
    vacancies: list[VacancyIndexDocument],
    viewers: dict[str, Viewer],
    backend: DatabaseBackend,
) -> dict:
    """Latency and result count of every screen shape, with related skills on."""
    figures = {}
    shapes = [(shape, *asked, 1) for shape, asked in SHAPES.items()]
    shapes += [(shape, *SHAPES[first], page) for shape, (first, page) in SHAPE_PAGES.items()]
    for shape, filters, text, who, page in shapes:
        if "facets" in shape:
            filters = _facet_filters(filters, viewers[who])
        samples: list[float] = []
        bridge_ms: list[float] = []
        totals: list[int] = []
        for doc in vacancies[:SHAPE_VACANCIES]:
            started = time.perf_counter()
            bridges = bridges_to(skill.concept_id for skill in doc.skills)
            bridge_ms.append((time.perf_counter() - started) * 1000)
            spec = candidate_spec(
                doc, viewer=viewers[who], filters=filters, text=text, page=page, bridges=bridges
            )
            totals.append(backend.candidates(spec).total)  # also the warm-up
            for _ in range(SHAPE_REPEAT):
                started = time.perf_counter()
                backend.candidates(spec)
                samples.append((time.perf_counter() - started) * 1000)
        key = f"{prefix}_related_{shape}"
        figures[f"{key}_p50_ms"] = round(percentile(samples, 0.50), 2) if samples else None
        figures[f"{key}_p95_ms"] = round(percentile(samples, 0.95), 2) if samples else None
        figures[f"{key}_matches_median"] = sorted(totals)[len(totals) // 2] if totals else 0
        if shape == "radius25":
            # Looking the related skills up in the taxonomy, once per search.
            figures[f"{prefix}_bridges_lookup_p95_ms"] = round(percentile(bridge_ms, 0.95), 2)
    return figures


def run(report: dict, *, also: Sequence[AtSize] = ()) -> None:
    """Load, rebuild and search at each size; see the module docstring for the keys."""
    sizes = ["10k"] if connection.vendor == "sqlite" else ["10k", "100k"]
    if os.environ.get("BENCH_SEARCH_SIZES"):
        sizes = os.environ["BENCH_SEARCH_SIZES"].split(",")
    # The skills and occupations the demo portfolios and vacancies are made of.
    call_command("load_starter_taxonomy", quiet=True, stdout=io.StringIO())
    for size in sizes:
        prefix = f"search_database_{connection.vendor}_{size}"
        print(f"bench: search: demo_data --size {size} …", file=sys.stderr, flush=True)
        call_command("demo_data", size=size, verbosity=0)
        indexed = rebuild(get_backend("database"))
        report[f"{prefix}_portfolios"] = indexed.portfolios
        report[f"{prefix}_rebuild_seconds"] = round(indexed.seconds, 2)
        report[f"{prefix}_rebuild_portfolios_per_s"] = (
            round(indexed.portfolios / indexed.seconds) if indexed.seconds else None
        )
        vacancies = bench_vacancies()
        viewer = bench_viewer()
        report.update(_search_figures(prefix, vacancies, viewer, DatabaseBackend(in_memory=True)))
        report.update(_columns_figures(prefix, vacancies, viewer))
        if os.environ.get("BENCH_SEARCH_SQL"):
            # The same searches by SQL (`SEARCH_DATABASE_IN_MEMORY=False`).
            sql_prefix = f"search_database_sql_{connection.vendor}_{size}"
            report.update(
                _search_figures(sql_prefix, vacancies, viewer, DatabaseBackend(in_memory=False))
            )
        for at_size in also:
            at_size(report, size, vacancies, viewer)
    # Process-wide high-water mark (kilobytes on Linux), loads and rebuilds included.
    report["search_bench_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
