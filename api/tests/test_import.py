"""Bulk vacancy import: a dry run reports every row; nothing is kept unless all is well or accepted."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks.signals import task_enqueued
from openpyxl import Workbook

from portal.audit.models import AuditEvent
from vacancies.models import Vacancy

HEADER = "title;work_type;hours_min;hours_max;postcode;required_skills;nice_to_have_skills\n"
GOOD = "Orderpicker;paid_job;24;32;9671 AB;heftruck besturen;orders verzamelen\n"
BAD = "Magazijnhulp;paid_job;40;20;9671 AB;heftruk;\n"


def _post(key: str, name: str, content: bytes, **form):
    client = Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"})
    return client.post(
        "/api/v1/vacancies/import", {"file": SimpleUploadedFile(name, content), **form}
    )


def test_dry_run_reports_each_row_by_file_and_line_and_writes_nothing(keys, taxonomy):
    response = _post(keys.employer, "vacatures.csv", (HEADER + GOOD + BAD).encode())

    report = response.json()
    assert response.status_code == 200
    assert (report["dry_run"], report["valid"], report["invalid"], report["written"]) == (
        True,
        1,
        1,
        0,
    )
    bad = report["rows"][1]
    assert bad["where"] == "vacatures.csv:3"
    messages = {error["field"]: error["message"] for error in bad["errors"]}
    assert "skills.0.label" in messages
    assert "Did you mean" in messages["skills.0.label"]
    assert not Vacancy.objects.exists()


def test_a_real_run_keeps_nothing_while_a_row_is_wrong_unless_the_valid_part_is_accepted(
    keys, taxonomy
):
    content = (HEADER + GOOD + BAD).encode()

    refused = _post(keys.employer, "v.csv", content, dry_run="false")
    assert refused.json()["written"] == 0
    assert not Vacancy.objects.exists()

    accepted = _post(keys.employer, "v.csv", content, dry_run="false", accept_valid_part="true")
    assert accepted.json()["written"] == 1
    vacancy = Vacancy.objects.get()
    assert vacancy.title == "Orderpicker"
    assert {s.concept_id: s.required for s in vacancy.skills.all()} == {
        taxonomy.forklift.pk: True,
        taxonomy.order_picking.pk: False,
    }


def test_xlsx_rows_are_read_like_csv(keys, taxonomy):
    book = Workbook()
    sheet = book.active
    sheet.append(["title", "work_type", "hours_min", "hours_max", "required_skills"])
    sheet.append(["Heftruckchauffeur", "paid_job", 32, 38, taxonomy.forklift.uri])
    buffer = io.BytesIO()
    book.save(buffer)

    report = _post(keys.employer, "vacatures.xlsx", buffer.getvalue(), dry_run="false").json()

    assert report["written"] == 1
    assert Vacancy.objects.get().hours_max == 38


def test_a_broken_file_is_a_422_not_a_500(keys):
    response = _post(keys.employer, "kapot.xlsx", b"PK\x03\x04 not really a zip")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_only_employer_keys_import(keys):
    response = _post(keys.coach, "v.csv", (HEADER + GOOD).encode())

    assert response.status_code == 403


def test_recruiter_checks_a_file_on_screen_and_sees_each_problem_by_line(world, login, taxonomy):
    client = login(world.recruiter)
    url = reverse("vacancy_import", args=[world.employer.slug])

    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("vacatures.csv", (HEADER + GOOD + BAD).encode()),
            "dry_run": "on",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "vacatures.csv:3" in page
    assert "Did you mean" in page
    assert not Vacancy.objects.exists()
    assert login(world.coach).get(url).status_code == 404


def test_a_row_breaking_a_vacancy_rule_is_reported_with_the_services_message(keys, taxonomy):
    wrong_hours = "Magazijnhulp;paid_job;40;20;9671 AB;heftruck besturen;\n"

    report = _post(keys.employer, "v.csv", (HEADER + GOOD + wrong_hours).encode()).json()

    assert report["rows"][1]["errors"] == [
        {"field": "hours_max", "message": "The most hours cannot be less than the least hours."}
    ]


def test_an_import_writes_the_audit_trail_of_one_by_one_and_queues_one_index_update(
    keys, taxonomy, django_capture_on_commit_callbacks
):
    enqueued = []

    def remember(sender, *, task_result, **kwargs) -> None:
        enqueued.append((task_result.task.name, task_result.kwargs))

    task_enqueued.connect(remember)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = _post(
                keys.employer, "v.csv", (HEADER + GOOD + GOOD).encode(), dry_run="false"
            ).json()
    finally:
        task_enqueued.disconnect(remember)

    vacancy_ids = sorted(row["vacancy_id"] for row in report["rows"])
    assert report["written"] == 2
    assert [(name, sorted(kw["vacancy_ids"])) for name, kw in enqueued if "vacanc" in name] == [
        ("sync_vacancies", vacancy_ids)
    ]
    for vacancy_id in vacancy_ids:
        trail = AuditEvent.objects.filter(
            object_type="vacancies.vacancy", object_id=str(vacancy_id)
        ).order_by("pk")
        assert [(event.action, event.details) for event in trail] == [
            ("vacancy.create", {}),
            ("vacancy.set_skills", {"required": 1, "total": 2}),
        ]
