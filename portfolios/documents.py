"""The PDF CV: one or two A4 pages from a portfolio revision, full or anonymised.

WeasyPrint renders HTML from `portfolios/pdf/cv.html`. It never touches the network:
fonts come from `portal/static/fonts` on disk and the photo from the private
storage, through `portal.pdf`, which refuses every other address.

The anonymised version leaves out the name, photo, e-mail address, postcode and
anything else that identifies the person, reduces the place to municipality and
province, and blanks the person's names where they typed them in free text.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Revision

from portal import geo, names
from portal.accounts.models import User
from portal.choices import Certificate, Sector, WorkType
from portal.generated_files import (
    JobStatus,
    generated_file_build,
    generated_file_queue,
)
from portal.pdf import PdfResource, pdf_layout, pdf_write

from .models import (
    DocumentVersion,
    Evidence,
    EvidenceKind,
    PortfolioDocument,
    PortfolioPage,
)
from .permissions import portfolio_permission_policy

PHOTO_URL = "talentbrug-photo:portrait"


def _photo(photo: Evidence) -> dict[str, PdfResource]:
    def read() -> bytes:
        with photo.file.open("rb") as handle:
            return handle.read()

    return {PHOTO_URL: PdfResource(content_type=photo.content_type, read=read)}


@dataclass(frozen=True)
class CvPerson:
    """What the CV says about who it is; empty in the anonymised version."""

    name: str
    email: str
    place: str


def name_redactor(portfolio: PortfolioPage) -> Callable[[str], str]:
    """Blank the person's name and e-mail address where they typed them in free text."""
    user = portfolio.jobseeker
    return names.name_redactor(
        first_name=user.first_name, last_name=user.last_name, email=user.email
    )


def _region(postcode: str) -> str:
    place = geo.locate(postcode)
    if place is None:
        return ""
    if place.municipality == place.province:
        return place.province
    return f"{place.municipality} ({place.province})"


def _place(postcode: str) -> str:
    place = geo.locate(postcode)
    return place.place if place is not None else ""


def cv_context(*, portfolio: PortfolioPage, version: str) -> dict[str, Any]:
    """Everything the CV template shows, already reduced for the anonymised version."""
    full = version == DocumentVersion.FULL
    keep = (lambda text: text) if full else name_redactor(portfolio)
    user = portfolio.jobseeker
    if full:
        person = CvPerson(
            name=user.get_full_name() or user.email,
            email=user.email,
            place=_place(portfolio.postcode),
        )
    else:
        person = CvPerson(name="", email="", place="")
    photo = None
    if full and portfolio.photo_evidence_id:
        photo = (
            Evidence.objects.filter(
                pk=portfolio.photo_evidence_id, owner=user, kind=EvidenceKind.PHOTO
            )
            .exclude(file="")
            .first()
        )
    experience, education = [], []
    for block in portfolio.narrative:
        value = {
            key: keep(val) if isinstance(val, str) else val for key, val in block.value.items()
        }
        if block.block_type == "experience":
            value["kind_label"] = dict(block.block.child_blocks["kind"].field.choices).get(
                block.value["kind"], ""
            )
            experience.append(value)
        else:
            education.append(value)
    skills = sorted(portfolio.skills.all(), key=lambda skill: (-skill.level, skill.sort_order))
    return {
        "full": full,
        "person": person,
        "candidate_code": str(portfolio.public_id)[:8],
        "region": _region(portfolio.postcode),
        "photo": photo,
        "photo_url": PHOTO_URL if photo is not None else "",
        "headline": keep(portfolio.headline),
        "about_me": keep(portfolio.about_me),
        "skills": [
            {
                "label": skill.concept.label(),
                "level": skill.get_level_display(),
                "staff_level": skill.get_staff_level_display() if skill.staff_level else "",
                "note": keep(skill.note),
            }
            for skill in skills
        ],
        "experience": experience,
        "education": education,
        "occupations": [occupation.concept.label() for occupation in portfolio.occupations.all()],
        "work_types": [
            str(WorkType(value).label) for value in portfolio.work_types if value in WorkType.values
        ],
        "sectors": [
            str(Sector(value).label) for value in portfolio.sectors if value in Sector.values
        ],
        "hours_min": portfolio.hours_min,
        "hours_max": portfolio.hours_max,
        "max_travel_km": portfolio.max_travel_km,
        "earliest_start": portfolio.earliest_start,
        "driving_licences": portfolio.driving_licences,
        "certificates": [
            str(Certificate(value).label)
            for value in portfolio.certificates
            if value in Certificate.values
        ],
        "dutch_level": portfolio.dutch_level,
        "languages": [
            {"language": language.language, "level": language.get_level_display()}
            for language in portfolio.languages.all()
        ],
        "made_on": timezone.localdate(),
    }


def cv_html(
    *, portfolio: PortfolioPage, version: str, language: str
) -> tuple[str, Evidence | None]:
    """The CV as HTML in `language`, and the photo it shows (None in the anonymised version)."""
    with translation.override(language):
        context = cv_context(portfolio=portfolio, version=version)
        context["language"] = language
        return render_to_string("portfolios/pdf/cv.html", context), context["photo"]


def cv_document(*, portfolio: PortfolioPage, version: str, language: str):
    """The laid-out WeasyPrint document (pages and boxes), before it is written as PDF."""
    html, photo = cv_html(portfolio=portfolio, version=version, language=language)
    return pdf_layout(html, resources=_photo(photo) if photo is not None else None)


def cv_render(*, portfolio: PortfolioPage, version: str, language: str) -> bytes:
    """The CV as PDF bytes, tagged as PDF/UA so screen readers follow its structure."""
    return pdf_write(cv_document(portfolio=portfolio, version=version, language=language))


# --- The background job: request, render, download ------------------------------------


def document_versions_for(*, user: User, portfolio: PortfolioPage) -> list[str]:
    """Which CV versions `user` may get: the owner both, others by what they may see."""
    if not user.is_authenticated:
        return []
    if user.pk == portfolio.jobseeker_id:
        return [DocumentVersion.FULL, DocumentVersion.ANONYMISED]
    if not portfolio_permission_policy.can_view(user, portfolio):
        return []
    if portfolio_permission_policy.sees_identity(user, portfolio):
        return [DocumentVersion.FULL, DocumentVersion.ANONYMISED]
    return [DocumentVersion.ANONYMISED]


def _revision_for(*, user: User, portfolio: PortfolioPage) -> int | None:
    # The owner gets what they are working on; everyone else the published version.
    if user.pk == portfolio.jobseeker_id:
        return portfolio.latest_revision_id or portfolio.live_revision_id
    return portfolio.live_revision_id


@transaction.atomic
def document_request(
    *, portfolio: PortfolioPage, version: str, by: User, language: str
) -> PortfolioDocument:
    """Ask for a PDF CV; it is rendered in the background. Reuses a ready one of the same revision."""
    if version not in document_versions_for(user=by, portfolio=portfolio):
        raise PermissionDenied
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    revision_id = _revision_for(user=by, portfolio=portfolio)
    existing = (
        PortfolioDocument.objects.filter(
            portfolio=portfolio,
            requested_by=by,
            version=version,
            language=language,
            revision_id=revision_id,
        )
        .exclude(status=JobStatus.FAILED)
        .first()
    )
    if existing is not None:
        return existing
    document = PortfolioDocument.objects.create(
        portfolio=portfolio,
        requested_by=by,
        version=version,
        language=language,
        revision_id=revision_id,
    )
    generated_file_queue(document)
    return document


def document_build(*, document_id: int) -> None:
    """Render a requested CV into the private storage (runs in the worker; see portal.generated_files)."""
    generated_file_build(PortfolioDocument, document_id, render=_document_content)


def _document_content(document: PortfolioDocument, progress: Callable[[int], None]) -> bytes:
    if document.revision_id:
        page = Revision.objects.get(pk=document.revision_id).as_object()
    else:
        page = document.portfolio
    laid_out = cv_document(portfolio=page, version=document.version, language=document.language)
    progress(70)
    return pdf_write(laid_out)


def document_for_download(*, user: User, public_id) -> PortfolioDocument | None:
    """A ready CV `user` asked for and may still see now (consent is checked again), else None."""
    document = (
        PortfolioDocument.objects.select_related("portfolio__jobseeker")
        .filter(public_id=public_id, requested_by=user)
        .first()
    )
    if document is None:
        return None
    if document.version not in document_versions_for(user=user, portfolio=document.portfolio):
        return None
    return document


def document_filename(document: PortfolioDocument) -> str:
    portfolio = document.portfolio
    if document.version == DocumentVersion.FULL:
        name = slugify(portfolio.jobseeker.get_full_name() or "cv") or "cv"
        return f"cv-{name}.pdf"
    return f"cv-{str(portfolio.public_id)[:8]}.pdf"
