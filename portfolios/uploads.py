"""Evidence uploads: a photo, a certificate or a reference, checked by what the file IS.

The browser's file name and content type are not trusted: the first bytes decide
(JPEG, PNG or PDF, nothing else), images are decoded and re-encoded by Pillow, which
drops EXIF (GPS, camera, date), XMP, comments and anything hidden after the image
data. Files go to the private storage only and are served by a view that checks
the permission policy (`document_views.evidence_file`).
"""

import io
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.taxonomy.models import Concept

from .models import Evidence, EvidenceKind

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Larger photos are scaled down: enough for a CV or a screen, and it keeps the store small.
MAX_IMAGE_SIDE = 2000
# Refuse "decompression bombs" before Pillow allocates memory for them.
MAX_IMAGE_PIXELS = 50_000_000


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    is_image: bool


JPEG = FileType("image/jpeg", "jpg", True)
PNG = FileType("image/png", "png", True)
PDF = FileType("application/pdf", "pdf", False)

# Which kinds of evidence take which files.
ALLOWED = {
    EvidenceKind.PHOTO: (JPEG, PNG),
    EvidenceKind.CERTIFICATE: (JPEG, PNG, PDF),
    EvidenceKind.REFERENCE: (JPEG, PNG, PDF),
}


def sniff(head: bytes) -> FileType | None:
    """The file type from its first bytes (magic numbers), or None when it is none we take."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    # PDF readers accept the header anywhere in the first KiB; we ask for it at the start.
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def _refuse_message(kind: str) -> str:
    if kind == EvidenceKind.PHOTO:
        return _("This file is not a photo we can use. Choose a JPG or PNG photo.")
    return _("This file type is not allowed. Choose a PDF, JPG or PNG file.")


def _clean_image(data: bytes, file_type: FileType) -> bytes:
    """Decode and re-encode the image: pixels only, no metadata, upright, at most MAX_IMAGE_SIDE."""
    unreadable = _("We cannot open this picture. Is the file damaged? Try another one.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            expected = "JPEG" if file_type is JPEG else "PNG"
            if probe.format != expected:
                raise ValidationError(unreadable, code="unreadable")
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("This picture is too large. Use a picture of at most 50 megapixels."),
                    code="too_many_pixels",
                )
            probe.load()
            # Turn it the way the camera meant (EXIF orientation) before the EXIF goes.
            image = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(unreadable, code="unreadable") from None
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    if file_type is JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    # A fresh image holds the pixels only: no EXIF, XMP, ICC, comments or text chunks.
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.paste(image)
    out = io.BytesIO()
    if file_type is JPEG:
        clean.save(out, format="JPEG", quality=85, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def evidence_check_file(*, kind: str, uploaded_file: UploadedFile) -> tuple[FileType, bytes]:
    """Read and check an upload; returns its real type and the bytes to store.

    Raises ValidationError with a message the jobseeker understands.
    """
    size = uploaded_file.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is too big. A file can be 10 MB at most."), code="too_big"
        )
    if size == 0:
        raise ValidationError(_("This file is empty. Choose another file."), code="empty")
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is too big. A file can be 10 MB at most."), code="too_big"
        )
    file_type = sniff(data[:16])
    if file_type is None or file_type not in ALLOWED[kind]:
        raise ValidationError(_refuse_message(kind), code="wrong_type")
    if file_type.is_image:
        data = _clean_image(data, file_type)
    return file_type, data


@transaction.atomic
def evidence_create(
    *,
    owner: User,
    kind: str,
    uploaded_file: UploadedFile | None = None,
    text: str = "",
    title: str = "",
    concept: Concept | None = None,
) -> Evidence:
    """Add a photo, certificate or reference to the owner's own evidence."""
    if kind not in EvidenceKind.values:
        raise ValidationError(_("Choose what kind of proof this is."), code="kind")
    text, title = text.strip(), title.strip()
    if uploaded_file is None:
        if kind != EvidenceKind.REFERENCE:
            raise ValidationError(_("Choose a file to upload."), code="no_file")
        if not text:
            raise ValidationError(_("Write the reference, or add it as a file."), code="no_text")
    evidence = Evidence(owner=owner, kind=kind, text=text, title=title, concept=concept)
    if uploaded_file is not None:
        file_type, data = evidence_check_file(kind=kind, uploaded_file=uploaded_file)
        evidence.content_type = file_type.content_type
        evidence.size = len(data)
        # The stored name comes from the content, never from the name the browser sent.
        try:
            evidence.file.save(f"evidence.{file_type.extension}", ContentFile(data), save=False)
        except OSError as error:
            # A full disk or an unwritable folder: the storage left no file behind.
            logger.error("Could not store an evidence file: %s", error)
            raise ValidationError(
                _("We could not save your file just now. Please try again later."),
                code="storage",
            ) from error
    evidence.save()
    audit_record(
        actor=owner,
        action="evidence.create",
        subject=owner,
        target=evidence,
        details={"kind": kind, "content_type": evidence.content_type},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    """The owner removes a piece of evidence; the file leaves the store after commit."""
    if by != evidence.owner:
        raise PermissionDenied
    storage, name = evidence.file.storage, evidence.file.name
    audit_record(
        actor=by,
        action="evidence.delete",
        subject=by,
        target=evidence,
        details={"kind": evidence.kind},
    )
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
