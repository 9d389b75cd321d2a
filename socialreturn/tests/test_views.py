"""The social-return screens as people use them: record, report, decide, read the figures."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from intermediaries.models import TargetGroup
from socialreturn.models import Contribution, ContributionStatus, Obligation
from socialreturn.schemes import StartingPosition
from socialreturn.valuation import ActivityKind

pytestmark = pytest.mark.django_db


def test_the_authority_records_an_obligation_and_the_supplier_sees_it(world, login):
    from socialreturn.factories import make_table

    make_table(authority=world.municipality)
    today = timezone.localdate()
    response = login(world.other_coach).post(
        reverse("sroi_obligation_create"),
        {
            "authority": world.municipality.pk,
            "supplier": world.employer.pk,
            "contract_reference": "VDM-2026-07",
            "title": "Groenonderhoud wijk Noord",
            "contract_value": "400000",
            "percentage": "5",
            "fixed_amount": "",
            "start_date": today.isoformat(),
            "end_date": today.replace(year=today.year + 1).isoformat(),
            "reporting_rhythm": "6",
        },
    )
    obligation = Obligation.objects.get(contract_reference="VDM-2026-07")
    assert response.status_code == 302
    assert obligation.required == Decimal("20000.00")

    page = login(world.recruiter).get(reverse("sroi_obligations")).content.decode()
    assert "VDM-2026-07" in page
    detail = login(world.recruiter).get(reverse("sroi_obligation_detail", args=[obligation.pk]))
    assert "20.000" in detail.content.decode() or "20,000" in detail.content.decode()


def test_a_typo_in_the_amount_shows_the_form_again_with_what_was_typed(world, login):
    response = login(world.other_coach).post(
        reverse("sroi_obligation_create"),
        {
            "authority": world.municipality.pk,
            "supplier": world.employer.pk,
            "contract_reference": "VDM-X",
            "title": "Iets",
            "contract_value": "veel",
            "percentage": "5",
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
            "reporting_rhythm": "3",
        },
    )
    assert response.status_code == 200
    assert "contract_value" in response.context["form"].errors
    assert 'value="VDM-X"' in response.content.decode()
    assert not Obligation.objects.exists()


def test_authority_staff_cannot_record_for_another_organisation(world, login):
    response = login(world.coach).post(
        reverse("sroi_obligation_create"),
        {
            "authority": world.municipality.pk,
            "supplier": world.employer.pk,
            "contract_reference": "NEP-1",
            "title": "Nep",
            "contract_value": "1000",
            "percentage": "5",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "reporting_rhythm": "3",
        },
    )
    assert response.status_code == 200
    assert "authority" in response.context["form"].errors
    assert not Obligation.objects.exists()


def test_the_journey_report_decide_and_see_it_in_the_dashboard_and_the_xlsx(setting, login):
    world, obligation = setting.world, setting.obligation
    supplier = login(world.recruiter)
    supplier.post(
        reverse("sroi_report_placement", args=[obligation.pk]),
        {"placement": setting.placement.pk, "months": "12"},
    )
    supplier.post(
        reverse("sroi_report_activity", args=[obligation.pk]),
        {
            "activity_kind": ActivityKind.GUEST_LESSON,
            "description": "Gastles schilderen op het vmbo",
            "date": timezone.localdate().isoformat(),
            "hours": "4",
        },
    )
    placement, lesson = (
        Contribution.objects.get(kind="placement"),
        Contribution.objects.get(kind="activity"),
    )

    authority = login(world.other_coach)
    authority.post(reverse("sroi_contribution_decide", args=[placement.pk]), {"decision": "accept"})
    refused = authority.post(
        reverse("sroi_contribution_decide", args=[lesson.pk]), {"decision": "reject", "reason": ""}
    )
    assert refused.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == ContributionStatus.REPORTED  # no reason, no rejection
    authority.post(
        reverse("sroi_contribution_decide", args=[lesson.pk]),
        {"decision": "reject", "reason": "Gastles viel buiten de contractperiode"},
    )

    lesson.refresh_from_db()
    placement.refresh_from_db()
    assert placement.status == ContributionStatus.ACCEPTED
    assert lesson.status == ContributionStatus.REJECTED
    detail = login(world.recruiter).get(reverse("sroi_obligation_detail", args=[obligation.pk]))
    text = detail.content.decode()
    assert "Gastles viel buiten de contractperiode" in text
    # The supplier sees the total, not what one person's placement was worth.
    assert detail.context["progress"].realised == Decimal("33333.33")
    assert "33.333,33" not in text.split('id="contributions-heading"')[1]

    dashboard = login(world.other_coach).get(reverse("sroi_impact"))
    assert dashboard.status_code == 200
    value_table = next(t for t, _chart in dashboard.context["tables"] if t.key == "waarde")
    assert value_table.rows == [
        [world.municipality.name, world.employer.name, 1, Decimal("33333.33")]
    ]
    export = login(world.other_coach).get(reverse("sroi_impact_export", args=["waarde", "xlsx"]))
    book = load_workbook(io.BytesIO(export.content), read_only=True)
    cells = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert cells[1][:3] == [world.municipality.name, world.employer.name, 1]
    assert Decimal(str(cells[1][3])) == Decimal("33333.33")


def test_an_employer_never_sees_a_target_group_on_the_social_return_screens(setting, login):
    world = setting.world
    recruiter = login(world.recruiter)
    recruiter.post(
        reverse("sroi_report_placement", args=[setting.obligation.pk]),
        {"placement": setting.placement.pk, "months": "12"},
    )
    pages = [
        reverse("sroi_obligations"),
        reverse("sroi_obligation_detail", args=[setting.obligation.pk]),
        reverse("sroi_report_placement", args=[setting.obligation.pk]),
        reverse("sroi_employer_impact", args=[world.employer.slug]),
    ]
    # The placement's group as the coach recorded it, and the row it is valued by.
    labels = [
        str(TargetGroup.DOELGROEPREGISTER.label),
        str(StartingPosition.DOELGROEPREGISTER.label),
    ]
    for url in pages:
        text = recruiter.get(url).content.decode()
        for label in labels:
            assert label not in text, url
    assert recruiter.get(reverse("sroi_impact")).status_code == 404


def test_small_numbers_show_as_less_than_five_outside_the_coachs_organisation(setting, login):
    world = setting.world
    year = setting.placement.start_date.year
    url = reverse("sroi_impact") + f"?year_from={year}&year_to={year}"

    outside = login(world.other_coach).get(url)
    groups = next(t for t, _chart in outside.context["tables"] if t.key == "doelgroepen")
    row = next(r for r in groups.rows if r[0] == str(TargetGroup.DOELGROEPREGISTER.label))
    assert row[1] == "< 5"

    own = login(world.coach).get(url + f"&organisation={world.training_centre.pk}")
    groups = next(t for t, _chart in own.context["tables"] if t.key == "doelgroepen")
    row = next(r for r in groups.rows if r[0] == str(TargetGroup.DOELGROEPREGISTER.label))
    assert row[1] == 1
    # Filtering on another organisation's placements hides again, even for a coach.
    other = login(world.coach).get(url + f"&organisation={world.municipality.pk}")
    assert other.context["own_view"] is False


def test_a_chart_of_only_hidden_small_numbers_is_left_out_and_the_table_stays(setting, login):
    world = setting.world
    year = setting.placement.start_date.year
    url = reverse("sroi_impact") + f"?year_from={year}&year_to={year}"

    outside = {t.key: chart for t, chart in login(world.other_coach).get(url).context["tables"]}
    own = login(world.coach).get(url + f"&organisation={world.training_centre.pk}")
    own_charts = {t.key: chart for t, chart in own.context["tables"]}

    # One placement: outside the coach's organisation it is "< 5", a bar at 0 — no chart.
    assert "doelgroepen" in outside and outside["doelgroepen"] is None
    assert own_charts["doelgroepen"]  # the coach's own view counts it, and draws it


def test_the_own_organisation_exports_every_placement_without_names(setting, login):
    world = setting.world
    year = setting.placement.start_date.year
    query = f"?year_from={year}&year_to={year}&organisation={world.training_centre.pk}"
    response = login(world.coach).get(
        reverse("sroi_impact_export", args=["plaatsingen", "csv"]) + query
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert world.employer.name in lines[1]
    assert world.jobseeker.first_name not in text
    assert world.jobseeker.email not in text
    assert (
        login(world.other_coach)
        .get(reverse("sroi_impact_export", args=["plaatsingen", "csv"]) + query)
        .status_code
        == 404
    )


def test_the_employer_states_its_fte_and_sees_an_estimate_not_a_certificate(setting, login):
    world = setting.world
    url = reverse("sroi_employer_impact", args=[world.employer.slug])
    response = login(world.recruiter).post(
        url, {"year": timezone.localdate().year, "total_fte": "40"}
    )
    assert response.status_code == 302
    page = login(world.recruiter).get(url)
    text = page.content.decode()
    assert "estimate" in text.lower() or "schatting" in text.lower()
    this_year = page.context["years"][0]
    assert this_year.total_fte == Decimal("40.0")
    # One placement: too few to show a score that would point at one person.
    assert this_year.too_few


def test_the_dashboard_costs_the_same_number_of_queries_with_more_data(setting, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = setting.world
    client = login(world.other_coach)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("sroi_impact"))
    from socialreturn.factories import make_placement

    for _ in range(3):
        make_placement(
            coach=world.other_coach,
            jobseeker=world.other_jobseeker,
            recruiter=world.recruiter,
            employer=world.employer,
            target_group=TargetGroup.WW,
        )
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("sroi_impact"))
    assert len(more) == len(few)


def test_the_coach_records_the_follow_up_and_is_reminded_once(setting, login):
    from datetime import timedelta

    from portal.notifications.models import Notification
    from socialreturn import services
    from socialreturn.models import PlacementFollowUp

    world, placement = setting.world, setting.placement
    seven_months_on = placement.start_date + timedelta(days=200)
    assert services.follow_up_reminders_send(today=seven_months_on) == 1
    assert services.follow_up_reminders_send(today=seven_months_on) == 0
    assert Notification.objects.get(kind="sroi.follow_up.coach").recipient == world.coach

    placement.start_date -= timedelta(days=200)
    placement.save()
    url = reverse("sroi_follow_ups", args=[world.training_centre.slug])
    page = login(world.coach).get(url)
    assert world.jobseeker.first_name in page.content.decode()
    prefix = f"p{placement.pk}"
    login(world.coach).post(
        url, {"row": prefix, f"{prefix}-placement": placement.pk, f"{prefix}-after_6": "yes"}
    )
    assert PlacementFollowUp.objects.get(placement=placement).working_after_6_months is True
    # Another organisation's coach neither sees nor answers it.
    assert login(world.other_coach).get(url).status_code == 404


def test_the_employer_page_explains_the_pso_weights_it_uses_in_plain_words(setting, login):
    from socialreturn.schemes import PSO_CONTRACT_WEIGHTS, PSO_GROUP_WEIGHTS, PSO_STUDENT_WEIGHTS

    world = setting.world
    url = reverse("sroi_employer_impact", args=[world.employer.slug])
    for language, words in (("nl", "niveau 3 of 4"), ("en", "level 3 or 4")):
        client = login(world.recruiter)
        page = client.get(url, headers={"Accept-Language": language})
        text = page.content.decode()
        assert words in text
        weights = page.context["weights"]
        shown_groups = {weight for weight, _names in weights.groups}
        assert set(PSO_GROUP_WEIGHTS.values()) - {Decimal("0.25")} <= shown_groups
        assert Decimal("0") in shown_groups  # groups the PSO does not name
        assert [w for _l, w in weights.students] == [
            PSO_STUDENT_WEIGHTS[level] for level in sorted(PSO_STUDENT_WEIGHTS)
        ]
        assert set(PSO_CONTRACT_WEIGHTS.values()) <= {w for _l, w in weights.contracts}
