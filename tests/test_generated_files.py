"""Issue 18, item 4: files made in the background share one base, builder and clean-up.

A new kind of generated file only works everywhere (sweep after a killed worker, daily
clean-up, account erasure) once it is registered; the builder records how far it got
and why it failed.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from portal import generated_files
from portal.generated_files import GeneratedFile, JobStatus, generated_file_build
from portal.storage import PrivateFileSystemStorage
from portfolios.factories import make_portfolio
from portfolios.models import DataExport, DocumentVersion, PortfolioDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmp_private_storage(tmp_path, monkeypatch):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    for model in (PortfolioDocument, DataExport):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storage)
    return storage


def test_every_generated_file_model_is_registered_for_sweep_clean_up_and_erasure():
    concrete = [
        model
        for model in apps.get_models()
        if issubclass(model, GeneratedFile) and not model._meta.abstract
    ]

    assert len(concrete) >= 3
    for model in concrete:
        assert model in generated_files._models, model
        assert model.folder and model.extension and model.content_type, model
        assert isinstance(model.keep_days(), int), model
        for lookup in model.owner_fields:
            model._default_manager.filter(**{lookup: None}).exists()  # a real lookup


def test_a_failed_build_says_why_and_keeps_no_file(world, tmp_private_storage):
    export = DataExport.objects.create(user=world.jobseeker)

    def broken(job, progress):
        progress(40)
        raise ValueError("no")

    generated_file_build(DataExport, export.pk, render=broken)

    export.refresh_from_db()
    assert export.status == JobStatus.FAILED
    assert export.error == "ValueError"
    assert export.progress == 40 and not export.file


def test_the_status_page_shows_how_far_the_file_is(world, login, tmp_private_storage):
    portfolio = make_portfolio(jobseeker=world.jobseeker)
    document = PortfolioDocument.objects.create(
        portfolio=portfolio,
        requested_by=world.jobseeker,
        version=DocumentVersion.FULL,
        language="nl",
        status=JobStatus.RUNNING,
        progress=70,
    )

    html = login(world.jobseeker).get(reverse("cv_status", args=[document.public_id]))

    assert "70%" in html.content.decode()
    assert "data-busy" in html.content.decode()


def test_a_finished_build_records_its_file_time_and_full_progress(world, tmp_private_storage):
    export = DataExport.objects.create(user=world.jobseeker)

    generated_file_build(DataExport, export.pk, render=lambda job, progress: b"PK zip")

    export.refresh_from_db()
    assert export.status == JobStatus.DONE and export.progress == 100
    assert export.render_ms is not None and export.error == ""
    assert export.file.name.startswith("exports/") and export.file.name.endswith(".zip")
    assert export.expires_at is not None
