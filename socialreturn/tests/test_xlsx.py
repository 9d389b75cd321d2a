"""The XLSX exports open in a spreadsheet program with exactly the values written, and the
workbook of every placement is made in the background for the own organisation only."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from intermediaries.models import ContractType, TargetGroup
from portal.generated_files import JobStatus, generated_files_of
from portal.storage import PrivateFileSystemStorage
from portfolios.privacy import account_erase
from socialreturn.exports import placements_xlsx, xlsx_write
from socialreturn.models import PlacementExport


def _read(content: bytes, sheet: str) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def test_a_workbook_reads_back_cell_for_cell():
    book = io.BytesIO()
    xlsx_write(
        target=book,
        sheet="plaatsingen",
        header=["Naam", "Uren", "Deel", "Leeg", "Notitie"],
        rows=[
            ["Bakkerij & Zn <Oss>", 24, 0.5, "", None],
            ['\'=HYPERLINK("x")', -3, 'café "ja"', "regel\x00\x07 met stuurtekens", "  spaties  "],
        ],
    )
    assert _read(book.getvalue(), "plaatsingen") == [
        ["Naam", "Uren", "Deel", "Leeg", "Notitie"],
        ["Bakkerij & Zn <Oss>", 24, 0.5, None, None],
        ['\'=HYPERLINK("x")', -3, 'café "ja"', "regel met stuurtekens", "  spaties  "],
    ]


def test_a_long_sheet_name_is_cut_and_columns_need_their_own_names():
    book = io.BytesIO()
    xlsx_write(target=book, sheet="x" * 40, header=["n"], rows=[[1]])
    assert load_workbook(io.BytesIO(book.getvalue()), read_only=True).sheetnames == ["x" * 31]
    with pytest.raises(ValueError):
        xlsx_write(target=io.BytesIO(), sheet="x", header=["a", "a"], rows=[])


def test_every_placement_reads_back_with_labels_and_reports_its_progress():
    rows = [
        (
            date(2026, 3, 1),
            ContractType.REGULAR,
            24,
            TargetGroup.WW,
            "Centrum",
            "=Bakker",
            "",
            True,
            None,
        ),
        (date(2026, 4, 1), ContractType.SECONDMENT, 8, "", "Centrum", "Smid", "bouw", None, False),
    ] * 5000
    seen = []
    content = placements_xlsx(rows=iter(rows), done=seen.append)

    cells = _read(content, "plaatsingen")
    assert len(cells) == 10001
    assert cells[1] == [
        "2026-03-01",
        str(ContractType.REGULAR.label),
        24,
        str(TargetGroup.WW.label),
        "Centrum",
        "'=Bakker",
        None,
        "yes",
        None,
    ]
    assert cells[2][:4] == ["2026-04-01", str(ContractType.SECONDMENT.label), 8, None]
    assert cells[2][6:] == ["bouw", None, "no"]
    assert seen == [5000, 10000]


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    monkeypatch.setattr(PlacementExport._meta.get_field("file"), "storage", storage)
    return storage


@pytest.mark.django_db
def test_the_coach_asks_for_every_placement_follows_and_downloads_it(
    setting, login, private_storage, django_capture_on_commit_callbacks
):
    world = setting.world
    year = setting.placement.start_date.year
    query = f"?year_from={year}&year_to={year}&organisation={world.training_centre.pk}"
    client = login(world.coach)
    assert (
        reverse("sroi_placement_export_request")
        in client.get(reverse("sroi_impact") + query).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sroi_placement_export_request") + query)
    export = PlacementExport.objects.get()
    assert response.url == reverse("sroi_placement_export_status", args=[export.public_id])
    assert export.status == JobStatus.DONE and export.progress == 100

    status = client.get(response.url).content.decode()
    assert 'aria-live="polite"' in status
    download_url = reverse("sroi_placement_export_download", args=[export.public_id])
    assert download_url in status
    cells = _read(b"".join(client.get(download_url).streaming_content), "plaatsingen")
    assert len(cells) == 2 and cells[1][5] == world.employer.name
    assert world.jobseeker.first_name not in str(cells)

    # Nobody else gets it, not even by its address.
    for person in (world.other_coach, world.recruiter, world.jobseeker):
        assert login(person).get(download_url).status_code == 404
    assert "login" in Client().get(download_url).url
    # The requester's files go with their account.
    export.refresh_from_db()
    assert generated_files_of(world.coach) == [(export.file.storage, export.file.name)]
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=world.coach, by=world.coach)
    assert not private_storage.exists(export.file.name)


@pytest.mark.django_db
def test_only_the_own_organisation_may_ask_for_every_placement(setting, login):
    world = setting.world
    query = f"?organisation={world.training_centre.pk}"
    for person in (world.other_coach, world.recruiter, world.jobseeker):
        response = login(person).post(reverse("sroi_placement_export_request") + query)
        assert response.status_code == 404
    assert login(world.coach).post(reverse("sroi_placement_export_request")).status_code == 404
    assert not PlacementExport.objects.exists()
