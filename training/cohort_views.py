"""The training centre's cohort page: who started when, and where they are now.

Staff of the training centre only (training staff, coaches, admins); for everyone else
the organisation answers 404, so it cannot be probed. Every number is counted in SQL and
the page costs the same number of queries whatever the size of the cohort.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import cohort_selectors as selectors
from .charts import bar_chart, grouped_bar_chart
from .cohort_forms import CohortFilterForm, history_months
from .models import TrajectoryStatus
from .views import training_centre_or_404

PAGE_SIZE = 50


def _count_rows(counts: selectors.CohortCounts) -> list[tuple[str, int]]:
    # The status rows use the status names people see everywhere else; they add up to "Started".
    return [
        (_("Started"), counts.started),
        (_("Reached a goal"), counts.reached_a_goal),
        (TrajectoryStatus.INTAKE.label, counts.at_intake),
        (TrajectoryStatus.TRAINING.label, counts.in_training),
        (TrajectoryStatus.JOB_HUNTING.label, counts.job_hunting),
        (TrajectoryStatus.PLACED.label, counts.placed),
        (TrajectoryStatus.ENDED.label, counts.ended),
    ]


@login_required
def cohorts(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts, a monthly breakdown over 18 months and the people of the chosen cohort."""
    organisation = training_centre_or_404(request, slug)
    today = timezone.localdate()
    form = CohortFilterForm(
        request.GET,
        coaches=selectors.cohort_coaches(organisation=organisation),
        today=today,
    )
    chosen = form.filters()
    narrowing = {"coach": chosen.coach, "status": chosen.status}
    counts = selectors.cohort_counts(
        organisation=organisation,
        started_from=chosen.started_from,
        started_to=chosen.started_to,
        **narrowing,
    )
    count_rows = _count_rows(counts)
    months = selectors.cohort_by_month(
        organisation=organisation, months=history_months(today), **narrowing
    )
    month_labels = [formats.date_format(row.month, "COMPACT_MONTH_FORMAT") for row in months]
    people = selectors.cohort_people(
        organisation=organisation,
        started_from=chosen.started_from,
        started_to=chosen.started_to,
        **narrowing,
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "training/cohorts/cohorts.html",
        {
            "organisation": organisation,
            "form": form,
            "chosen": chosen,
            "count_rows": count_rows,
            "counts_chart": bar_chart(
                label=_("Cohort: how many started and where they are now"), bars=count_rows
            ),
            "months": [
                (label, row.counts) for label, row in zip(month_labels, months, strict=True)
            ],
            "months_chart": grouped_bar_chart(
                label=_("Per start month, the last 18 months"),
                x_labels=month_labels,
                series=[
                    (_("Started"), [row.counts.started for row in months]),
                    (_("Reached a goal"), [row.counts.reached_a_goal for row in months]),
                    (
                        TrajectoryStatus.JOB_HUNTING.label,
                        [row.counts.job_hunting for row in months],
                    ),
                    (TrajectoryStatus.PLACED.label, [row.counts.placed for row in months]),
                ],
            ),
            "page": page,
            "filter_query": query.urlencode(),
        },
    )
