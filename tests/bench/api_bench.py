"""The open API: network vacancy search and candidates for a vacancy, p50/p95 per call,
and the bulk import of 5,000 vacancy rows (dry run and write).

Loads `demo_data --size $BENCH_API_SIZE` (default 10k jobseekers) when the database has
no vacancies yet, rebuilds the matching index, then calls the API as a client would:
through the whole stack (key check, rate limit, permission policy, serialisation, ETag)
with a coach's organisation key and an employer's key.
"""

import io
import os
import time
import tracemalloc

from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.utils import timezone

from api.factories import make_key
from api.vacancy_import import vacancy_import
from portal import geo
from portal.choices import WorkType
from portal.organisations.models import Membership, Organisation, OrganisationKind, Role
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portfolios.models import PortfolioConsent, PortfolioPage
from tests.bench.timing import measure, percentile
from vacancies.models import Vacancy, VacancySkill, VacancyStatus

REPEAT = 50
CANDIDATE_VACANCIES = 10
CANDIDATE_REPEAT = 10


def _load() -> None:
    if Vacancy.objects.exists():
        return
    size = os.environ.get("BENCH_API_SIZE", "10k")
    # Their output would spoil the JSON that `make bench` prints on stdout.
    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    call_command("load_starter_taxonomy", "--quiet", **quiet)
    call_command("demo_data", "--size", size, **quiet)
    call_command("search_rebuild", **quiet)


def _client(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": "nl"})


@override_settings(API_RATE_LIMIT="1000000/m")
def run(report: dict) -> None:
    _load()
    centre = (
        Organisation.objects.filter(kind=OrganisationKind.TRAINING_CENTRE, status="approved")
        .annotate(people=Count("memberships", filter=Q(memberships__role=Role.JOBSEEKER)))
        .order_by("-people", "pk")
        .first()
    )
    employer = (
        Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, status="approved")
        .annotate(open=Count("vacancies", filter=Q(vacancies__status="open")))
        .order_by("-open", "pk")
        .first()
    )
    coach = _client(make_key(organisation=centre, role=Role.COACH, by=None).plaintext)
    recruiter = _client(make_key(organisation=employer, role=Role.RECRUITER, by=None).plaintext)
    report["api_open_vacancies"] = Vacancy.objects.open(today=timezone.localdate()).count()

    def timed(name: str, client: Client, path: str, **query) -> None:
        def call() -> None:
            response = client.get(path, query)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])

        figures = measure(call, repeat=REPEAT)
        report[f"api_{name}_p50_ms"] = figures["p50_ms"]
        report[f"api_{name}_p95_ms"] = figures["p95_ms"]
        report[f"api_{name}_queries"] = figures["queries"]

    timed("vacancy_search", coach, "/api/v1/vacancies/network", limit=25)
    timed(
        "vacancy_search_filtered",
        coach,
        "/api/v1/vacancies/network",
        limit=25,
        work_type="paid_job",
        hours=32,
    )
    first = coach.get("/api/v1/vacancies/network", {"limit": 25}).json()
    if first["next_cursor"]:
        timed(
            "vacancy_search_page2",
            coach,
            "/api/v1/vacancies/network",
            limit=25,
            cursor=first["next_cursor"],
        )
    timed("own_vacancies", recruiter, "/api/v1/vacancies", limit=25)

    vacancy_ids = list(
        Vacancy.objects.open()
        .filter(organisation__status="approved")
        .annotate(skill_count=Count("skills"))
        .filter(skill_count__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)[:CANDIDATE_VACANCIES]
    )
    samples: list[float] = []
    for vacancy_id in vacancy_ids:
        path = f"/api/v1/vacancies/{vacancy_id}/candidates"
        assert coach.get(path).status_code == 200  # warm-up
        for _ in range(CANDIDATE_REPEAT):
            started = time.perf_counter()
            response = coach.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
    report["api_candidates_vacancies"] = len(vacancy_ids)
    if samples:
        report["api_candidates_p50_ms"] = round(percentile(samples, 0.50), 2)
        report["api_candidates_p95_ms"] = round(percentile(samples, 0.95), 2)
    export_figures(report, coach, centre)
    import_figures(report, employer)
    search_at_size(report, coach)


def _share_everyone_with(centre: Organisation) -> None:
    """Every published portfolio becomes one of `centre`'s jobseekers, shared with it (bulk)."""
    jobseekers = set(PortfolioPage.objects.live().values_list("jobseeker_id", flat=True))
    members = set(Membership.objects.filter(organisation=centre).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        Membership(user_id=user_id, organisation=centre, role=Role.JOBSEEKER)
        for user_id in jobseekers - members
    )
    Membership.objects.filter(organisation=centre, user_id__in=jobseekers).update(
        role=Role.JOBSEEKER, is_active=True
    )
    PortfolioConsent.objects.update(coach_organisation=True)


def export_figures(report: dict, coach: Client, centre: Organisation) -> None:
    """The streamed export of every profile shared with the coach's organisation (all of
    them, here): time to the last line, and the most Python memory held meanwhile."""
    _share_everyone_with(centre)
    tracemalloc.start()
    started = time.perf_counter()
    response = coach.get("/api/v1/profiles/export")
    assert response.status_code == 200 and response.streaming, response
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report["api_profiles_export_profiles"] = lines
    report["api_profiles_export_s"] = round(seconds, 2)
    report["api_profiles_export_mb"] = round(size / 2**20, 1)
    report["api_profiles_export_peak_memory_mb"] = round(peak / 2**20, 1)


IMPORT_ROWS = 5_000


def _import_file(rows: int) -> bytes:
    """A CSV of `rows` complete vacancies, skills by ESCO URI and by label, like an ATS export."""
    skills = list(
        Concept.objects.filter(concept_type=ConceptType.SKILL, status=ConceptStatus.RELEASED)
        .order_by("pk")
        .values_list("uri", "preferred_labels")[:40]
    )
    lines = [
        "title;work_type;hours_min;hours_max;postcode;places;required_skills;nice_to_have_skills"
    ]
    for n in range(rows):
        uri, _labels = skills[n % len(skills)]
        _other_uri, other_labels = skills[(n * 7 + 3) % len(skills)]
        lines.append(
            f"Medewerker {n};paid_job;24;32;9671 AB;1;{uri};{other_labels.get('nl') or other_labels.get('en')}"
        )
    return ("\n".join(lines) + "\n").encode()


def import_figures(report: dict, organisation) -> None:
    content = _import_file(IMPORT_ROWS)
    for dry_run in (True, False):
        started = time.perf_counter()
        result = vacancy_import(
            organisation=organisation,
            by=None,
            name="bench.csv",
            content=content,
            dry_run=dry_run,
            accept_valid_part=True,
        )
        seconds = round(time.perf_counter() - started, 2)
        name = "dry_run" if dry_run else "write"
        report[f"api_import_{IMPORT_ROWS}_rows_{name}_s"] = seconds
        report[f"api_import_{IMPORT_ROWS}_rows_{name}_valid"] = result.valid


SEARCH_SIZE = 100_000
GROW_BATCH = 5_000


def grow_vacancies(total: int) -> int:
    """Add open vacancies with skills in bulk until the network has `total` vacancies.

    Spread like real ones over the approved employers, places, hours, work types and
    skills; written with bulk inserts (the services, one by one, would take an hour).
    Returns how many were added.
    """
    employers = list(
        Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, status="approved").values_list(
            "pk", flat=True
        )
    )
    skills = list(
        Concept.objects.filter(concept_type=ConceptType.SKILL, status=ConceptStatus.RELEASED)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    places = geo.all_places()[:300]
    work_types = [choice.value for choice in WorkType]
    now = timezone.now()
    missing = total - Vacancy.objects.count()
    added = 0
    while added < missing:
        batch = []
        for n in range(added, min(missing, added + GROW_BATCH)):
            place = places[n % len(places)]
            low = 8 + (n % 5) * 4
            batch.append(
                Vacancy(
                    organisation_id=employers[n % len(employers)],
                    title=f"Medewerker {n}",
                    work_type=work_types[n % len(work_types)],
                    hours_min=low,
                    hours_max=low + 8,
                    postcode=place.postcode,
                    place=place.place,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    places=1,
                    show_to_jobseekers=n % 3 != 0,
                    status=VacancyStatus.OPEN,
                    published_at=now,
                )
            )
        Vacancy.objects.bulk_create(batch)
        VacancySkill.objects.bulk_create(
            VacancySkill(
                vacancy=vacancy,
                concept_id=skills[(vacancy.pk * 7 + step * 13) % len(skills)],
                required=step < 2,
                min_level=2,
            )
            for vacancy in batch
            for step in range(3)
        )
        added += len(batch)
    return added


def search_at_size(report: dict, coach: Client) -> None:
    """The network vacancy search with `SEARCH_SIZE` vacancies in the database."""
    grow_vacancies(SEARCH_SIZE)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    size = SEARCH_SIZE // 1000
    report[f"api_vacancies_{size}k_total"] = Vacancy.objects.count()

    def timed(name: str, **query) -> None:
        def call() -> None:
            response = coach.get("/api/v1/vacancies/network", query)
            assert response.status_code == 200, response.content[:300]

        figures = measure(call, repeat=REPEAT)
        report[f"api_{name}_{size}k_p50_ms"] = figures["p50_ms"]
        report[f"api_{name}_{size}k_p95_ms"] = figures["p95_ms"]
        report[f"api_{name}_{size}k_queries"] = figures["queries"]

    timed("vacancy_search", limit=25)
    timed("vacancy_search_filtered", limit=25, work_type="paid_job", hours=32)
    timed("vacancy_search_place", limit=25, place=geo.all_places()[7].place)
    deep = coach.get("/api/v1/vacancies/network", {"limit": 100}).json()
    for _ in range(20):  # 2,000 rows in
        deep = coach.get(
            "/api/v1/vacancies/network", {"limit": 100, "cursor": deep["next_cursor"]}
        ).json()
    timed("vacancy_search_page21", limit=25, cursor=deep["next_cursor"])
