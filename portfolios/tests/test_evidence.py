"""Evidence uploads: checked by content, cleaned of metadata, private, served with a permission check."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.audit.models import AuditEvent
from portfolios.factories import make_portfolio, skill_concept
from portfolios.models import Audience, Evidence
from portfolios.uploads import MAX_UPLOAD_BYTES, evidence_create

GPS_TAG = 0x8825
MAKE_TAG = 0x010F


def image_bytes(format: str = "PNG", *, exif: bool = False, size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (40, 120, 80))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[MAKE_TAG] = "Telefoon van Sanne"
        info[GPS_TAG] = {1: "N", 2: (53.0, 8.0, 0.0), 3: "E", 4: (7.0, 2.0, 0.0)}
        image.save(out, format=format, exif=info.tobytes(), comment=b"Sanne thuis")
    else:
        image.save(out, format=format)
    return out.getvalue()


def png_upload(name: str = "foto.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", **kwargs), content_type="image/png")


def jpeg_upload(name: str = "foto.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), content_type="image/jpeg")


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_upload(name: str = "certificaat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


# --- Refused, with a message ----------------------------------------------------------


def test_an_exe_renamed_to_png_is_refused_with_a_clear_message(world, tmp_private_storage):
    fake = SimpleUploadedFile(
        "foto.png", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="image/png"
    )
    with pytest.raises(ValidationError) as refused:
        evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=fake)
    assert "JPG or PNG" in refused.value.messages[0]
    assert not Evidence.objects.exists()
    assert not tmp_private_storage.exists("evidence")


def test_a_file_over_10_mb_is_refused(world, tmp_private_storage):
    big = SimpleUploadedFile(
        "groot.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as refused:
        evidence_create(owner=world.jobseeker, kind="certificate", uploaded_file=big)
    assert "10 MB" in refused.value.messages[0]


def test_a_pdf_is_not_a_photo(world, tmp_private_storage):
    with pytest.raises(ValidationError):
        evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=pdf_upload())


def test_a_damaged_image_is_refused(world, tmp_private_storage):
    broken = SimpleUploadedFile("kapot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    with pytest.raises(ValidationError) as refused:
        evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=broken)
    assert "cannot open" in refused.value.messages[0]


def test_a_reference_needs_text_or_a_file(world, tmp_private_storage):
    with pytest.raises(ValidationError):
        evidence_create(owner=world.jobseeker, kind="reference", text="  ")
    reference = evidence_create(
        owner=world.jobseeker, kind="reference", text="Sanne werkt netjes. — Jan, bakker"
    )
    assert not reference.file


def test_wrong_file_keeps_the_rest_of_the_form_as_typed(world, login, tmp_private_storage):
    make_portfolio(jobseeker=world.jobseeker, publish=False)
    client = login(world.jobseeker)
    fake = SimpleUploadedFile("cv.png", b"MZ" + b"\x00" * 100, content_type="image/png")
    response = client.post(
        reverse("evidence_list"),
        {
            "kind": "certificate",
            "title": "Mijn heftruckcertificaat",
            "text": "Behaald in 2023",
            "file": fake,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "This file type is not allowed" in html or "Dit soort bestand" in html or "PDF, JPG" in html
    )
    assert 'value="Mijn heftruckcertificaat"' in html
    assert "Behaald in 2023" in html
    assert not Evidence.objects.exists()


def test_private_storage_is_outside_the_public_media_root(settings):
    from pathlib import Path

    storage = Evidence._meta.get_field("file").storage
    private, media = Path(storage.location).resolve(), Path(settings.MEDIA_ROOT).resolve()
    assert not private.is_relative_to(media)
    assert not private.is_relative_to(Path(settings.STATIC_ROOT or "/nonexistent").resolve())


# --- Accepted and cleaned -------------------------------------------------------------


def test_a_png_with_a_jpg_name_is_stored_as_png_by_its_content(world, tmp_private_storage):
    evidence = evidence_create(
        owner=world.jobseeker, kind="photo", uploaded_file=png_upload("vakantie.jpg")
    )
    assert evidence.content_type == "image/png"
    assert evidence.file.name.endswith(".png")
    assert "vakantie" not in evidence.file.name
    with evidence.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_exif_and_gps_are_stripped_from_photos(world, tmp_private_storage):
    upload = jpeg_upload(exif=True)
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get(MAKE_TAG) == "Telefoon van Sanne"  # the test photo had it
    upload.seek(0)
    evidence = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=upload)
    with evidence.file.open("rb") as handle:
        data = handle.read()
    assert b"Telefoon van Sanne" not in data
    assert b"Sanne thuis" not in data
    assert b"Exif" not in data
    with Image.open(io.BytesIO(data)) as cleaned:
        assert not cleaned.getexif()
        assert "exif" not in cleaned.info and "comment" not in cleaned.info
        assert cleaned.size == (64, 48)


def test_png_text_chunks_are_stripped(world, tmp_private_storage):
    from PIL.PngImagePlugin import PngInfo

    meta = PngInfo()
    meta.add_text("Author", "Sanne de Vries, Winschoten")
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="PNG", pnginfo=meta)
    upload = SimpleUploadedFile("a.png", out.getvalue())
    evidence = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=upload)
    with evidence.file.open("rb") as handle:
        assert b"Winschoten" not in handle.read()


def test_pdf_certificate_is_stored_privately(world, tmp_private_storage):
    evidence = evidence_create(
        owner=world.jobseeker,
        kind="certificate",
        uploaded_file=pdf_upload(),
        title="Heftruckcertificaat",
        concept=skill_concept("Heftruck rijden"),
    )
    assert evidence.content_type == "application/pdf"
    assert tmp_private_storage.exists(evidence.file.name)
    assert AuditEvent.objects.filter(action="evidence.create", subject=world.jobseeker).exists()


def test_owner_uploads_lists_and_deletes_through_the_page(
    world, login, tmp_private_storage, django_capture_on_commit_callbacks
):
    make_portfolio(jobseeker=world.jobseeker, publish=False)
    client = login(world.jobseeker)
    response = client.post(
        reverse("evidence_list"),
        {"kind": "photo", "title": "Mijn werkplek", "file": png_upload(), "text": ""},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert "Mijn werkplek" in client.get(reverse("evidence_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evidence_delete", args=[evidence.public_id]))
    assert not Evidence.objects.exists()
    assert not tmp_private_storage.exists(evidence.file.name)


def test_only_jobseekers_have_an_evidence_page(world, login):
    assert login(world.recruiter).get(reverse("evidence_list")).status_code == 404
    assert login(world.jobseeker).get(reverse("evidence_list")).status_code == 200


def test_nobody_deletes_someone_elses_evidence(world, login, tmp_private_storage):
    evidence = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=png_upload())
    response = login(world.other_jobseeker).post(
        reverse("evidence_delete", args=[evidence.public_id])
    )
    assert response.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# --- Served only with permission ------------------------------------------------------


def file_url(evidence) -> str:
    return reverse("evidence_file", args=[evidence.public_id])


@pytest.mark.parametrize("role", ["other_jobseeker", "other_coach", "recruiter", "anonymous"])
def test_outsiders_never_get_an_evidence_file_even_by_guessing_its_address(
    world, login, role, tmp_private_storage
):
    make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.COACH_ORGANISATION, Audience.EMPLOYERS_ANONYMOUS),
        coach=world.coach,
    )
    certificate = evidence_create(
        owner=world.jobseeker, kind="certificate", uploaded_file=pdf_upload()
    )
    photo = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=png_upload())
    client = login(world.user(role))
    for evidence in (certificate, photo):
        response = client.get(file_url(evidence))
        assert response.status_code == (302 if role == "anonymous" else 404), evidence.kind


def test_employer_with_anonymised_access_does_not_get_the_photo(world, login, tmp_private_storage):
    make_portfolio(
        jobseeker=world.jobseeker, audiences=(Audience.EMPLOYERS_ANONYMOUS,), coach=world.coach
    )
    photo = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=png_upload())
    assert login(world.recruiter).get(file_url(photo)).status_code == 404


def test_coach_with_consent_gets_the_file_and_the_look_is_logged(world, login, tmp_private_storage):
    make_portfolio(jobseeker=world.jobseeker, audiences=(Audience.COACH_ORGANISATION,))
    photo = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=png_upload())
    certificate = evidence_create(
        owner=world.jobseeker, kind="certificate", uploaded_file=pdf_upload()
    )
    client = login(world.coach)
    response = client.get(file_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(file_url(certificate))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert (
        AuditEvent.objects.filter(
            action="portfolio.view", actor=world.coach, details__what="evidence"
        ).count()
        == 2
    )


def test_owner_gets_their_own_file_without_a_published_portfolio(world, login, tmp_private_storage):
    photo = evidence_create(owner=world.jobseeker, kind="photo", uploaded_file=png_upload())
    assert login(world.jobseeker).get(file_url(photo)).status_code == 200
