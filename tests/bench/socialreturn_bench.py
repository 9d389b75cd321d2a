"""Social return at size: the impact dashboard (p50/p95, queries), its PDF report and the XLSX of
every placement.

Loads its own data: a training centre's coach placed people at a few employers, N
placements spread over two years with every target group (`SROI_BENCH_PLACEMENTS`,
20,000 by default; 100000 for the issue's size), inserted in bulk (the services would
take hours at this size); a tenth have a follow-up, and there are a few accepted
contributions. The workbook of every placement is measured as the worker writes it: time,
the peak of Python allocations (tracemalloc) and the process's peak RSS after it.
"""

import os
import resource
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intermediaries.models import ContractType, Placement, Proposal, ProposalState, TargetGroup
from portal.organisations.models import OrganisationKind, OrganisationStatus, Role
from portal.organisations.services import membership_create, organisation_create
from portfolios.factories import make_portfolio
from socialreturn.exports import placements_xlsx
from socialreturn.factories import make_obligation, make_table
from socialreturn.impact_reports import report_render
from socialreturn.impact_summary import impact_summary_rebuild
from socialreturn.models import Contribution, PlacementFollowUp
from socialreturn.selectors import ImpactFilters, placement_rows
from tests.bench.timing import measure
from tests.conftest import make_user
from vacancies.factories import EmployerProfileFactory, VacancyFactory

BATCH = 5000


def _load(size: int):
    centre = organisation_create(
        name="Bench Leerwerkcentrum",
        kind=OrganisationKind.TRAINING_CENTRE,
        status=OrganisationStatus.APPROVED,
    )
    coach = make_user("bench-coach@example.nl", "Bench")
    membership_create(user=coach, organisation=centre, role=Role.COACH)
    employers = [EmployerProfileFactory().organisation for _ in range(5)]
    vacancies = [VacancyFactory(organisation=e, open=True) for e in employers for _ in range(4)]
    people = []
    for n in range(20):
        person = make_user(f"bench-{n}@example.nl", f"Persoon{n}")
        membership_create(user=person, organisation=centre, role=Role.JOBSEEKER)
        people.append(make_portfolio(jobseeker=person, audiences=("coach_organisation",)))
    groups, contracts = TargetGroup.values, ContractType.values
    today = timezone.localdate()
    now = timezone.now()
    for first in range(0, size, BATCH):
        count = min(BATCH, size - first)
        proposals = Proposal.objects.bulk_create(
            Proposal(
                portfolio=people[(first + i) % len(people)],
                vacancy=vacancies[(first + i) % len(vacancies)],
                proposed_by=coach,
                organisation=centre,
                motivation="Bench",
                state=ProposalState.PLACED,
                state_changed_at=now,
                created_at=now,
            )
            for i in range(count)
        )
        placements = Placement.objects.bulk_create(
            Placement(
                proposal=proposal,
                start_date=today - timedelta(days=(first + i) % 720),
                contract_type=contracts[(first + i) % len(contracts)],
                hours_per_week=8 + (first + i) % 29,
                target_group=groups[(first + i) % len(groups)],
            )
            for i, proposal in enumerate(proposals)
        )
        PlacementFollowUp.objects.bulk_create(
            PlacementFollowUp(placement=placement, working_after_6_months=i % 3 != 0)
            for i, placement in enumerate(placements)
            if i % 10 == 0
        )
    return centre, coach, employers


def _cpu_ms(call, repeat: int = 30) -> float:
    """Milliseconds of this process's CPU per call (median of `repeat`)."""
    samples = []
    for _ in range(repeat):
        started = time.process_time()
        call()
        samples.append((time.process_time() - started) * 1000)
    return round(sorted(samples)[len(samples) // 2], 1)


def run(report: dict) -> None:
    size = int(os.environ.get("SROI_BENCH_PLACEMENTS", "20000"))
    started = time.perf_counter()
    centre, coach, employers = _load(size)
    authority = organisation_create(
        name="Bench Woonstichting",
        kind=OrganisationKind.MUNICIPALITY,
        status=OrganisationStatus.APPROVED,
    )
    manager = make_user("bench-manager@example.nl", "Manager")
    membership_create(user=manager, organisation=authority, role=Role.ORGANISATION_ADMIN)
    make_table(authority=authority)
    for n, employer in enumerate(employers):
        obligation = make_obligation(
            authority=authority, supplier=employer, by=manager, reference=f"BENCH-{n}"
        )
        Contribution.objects.create(
            obligation=obligation,
            kind="activity",
            activity_kind="coaching",
            date=timezone.localdate(),
            hours=Decimal("10"),
            status="accepted",
            value=Decimal("1000"),
            table=authority.valuation_tables.first(),
        )
    report["sroi_placements"] = Placement.objects.count()
    report["sroi_load_s"] = round(time.perf_counter() - started, 1)
    # Bulk inserts send no signals: count the dashboard's monthly totals as the command does.
    started = time.perf_counter()
    report["sroi_impact_months"] = impact_summary_rebuild()
    report["sroi_impact_rebuild_s"] = round(time.perf_counter() - started, 2)

    client = Client(headers={"Accept-Language": "nl"})
    client.force_login(coach, backend="django.contrib.auth.backends.ModelBackend")
    this_year = timezone.localdate().year
    query = f"?year_from={this_year - 2}&year_to={this_year}"
    dashboard = reverse("sroi_impact") + query

    def get() -> None:
        response = client.get(dashboard)
        assert response.status_code == 200, response.status_code

    figures = measure(get, repeat=30)
    report["page_sroi_impact_p50_ms"] = figures["p50_ms"]
    report["page_sroi_impact_p95_ms"] = figures["p95_ms"]
    report["page_sroi_impact_queries"] = figures["queries"]
    report["page_sroi_impact_cpu_ms"] = _cpu_ms(get)
    own = reverse("sroi_impact") + query + f"&organisation={centre.pk}"
    figures = measure(lambda: client.get(own), repeat=30)
    report["page_sroi_impact_own_organisation_p95_ms"] = figures["p95_ms"]
    report["page_sroi_impact_own_organisation_queries"] = figures["queries"]
    report["page_sroi_impact_own_organisation_cpu_ms"] = _cpu_ms(lambda: client.get(own))
    # On a machine shared with other work the wall times above are mostly waiting for a
    # CPU; the CPU time of this process per render (the database's own work not counted)
    # is what a quiet machine would spend, and the load average says how busy it was.
    report["sroi_load_average"] = round(os.getloadavg()[0], 1)

    # The PDF report as the worker makes it: counting from the totals, laying out, writing.
    filters = ImpactFilters(year_from=this_year - 2, year_to=this_year)
    started = time.perf_counter()
    pdf = report_render(user=coach, filters=filters, language="nl")
    report["pdf_impact_report_s"] = round(time.perf_counter() - started, 2)
    report["pdf_impact_report_bytes"] = len(pdf)

    # The workbook of every placement as the worker writes it (placement_exports): the
    # query and the XLSX writer, the job's row and storage left out.
    filters = ImpactFilters(year_from=this_year - 2, year_to=this_year, organisation_id=centre.pk)

    def workbook() -> int:
        rows = placement_rows(organisation_ids=[centre.pk], filters=filters)
        return len(placements_xlsx(rows=rows, done=lambda written: None))

    started = time.perf_counter()
    written = workbook()
    report["export_xlsx_all_placements_s"] = round(time.perf_counter() - started, 2)
    report["export_xlsx_bytes"] = written
    tracemalloc.start()
    workbook()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Python's allocations only: the Rust writer's own memory shows in the RSS below.
    report["export_xlsx_python_peak_mb"] = round(peak / 2**20, 1)
    # Linux reports kilobytes: the whole process's peak, loading the data included.
    report["process_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
