"""Objects the permission-matrix rows of evidence, PDF CVs and "my data" need
(tests/test_permission_matrix.py): all of the world's jobseeker."""

from django.core.files.uploadedfile import SimpleUploadedFile

from portfolios.documents import document_build, document_request
from portfolios.factories import make_portfolio
from portfolios.models import DocumentVersion, Evidence, EvidenceKind, PortfolioPage
from portfolios.privacy import data_export_build, data_export_request
from portfolios.uploads import evidence_create
from tests.conftest import World

# A 1 × 1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4d90000000049454e44ae426082"
)


def shared_portfolio(world: World, *audiences: str, coach_agrees: bool = False) -> PortfolioPage:
    portfolio = PortfolioPage.objects.filter(jobseeker=world.jobseeker).first()
    return portfolio or make_portfolio(
        jobseeker=world.jobseeker,
        audiences=audiences,
        coach=world.coach if coach_agrees else None,
    )


def photo(world: World, *audiences: str, coach_agrees: bool = False) -> str:
    """The public id of the jobseeker's photo; their portfolio is shared with `audiences`."""
    shared_portfolio(world, *audiences, coach_agrees=coach_agrees)
    evidence = Evidence.objects.filter(owner=world.jobseeker, kind=EvidenceKind.PHOTO).first()
    evidence = evidence or evidence_create(
        owner=world.jobseeker,
        kind=EvidenceKind.PHOTO,
        uploaded_file=SimpleUploadedFile("foto.png", PNG),
    )
    return str(evidence.public_id)


def reference(world: World) -> str:
    return str(
        evidence_create(
            owner=world.jobseeker, kind=EvidenceKind.REFERENCE, text="Werkt netjes."
        ).public_id
    )


def cv(world: World) -> str:
    """A rendered CV the jobseeker asked for of their own portfolio."""
    portfolio = shared_portfolio(world, "coach_organisation")
    document = document_request(
        portfolio=portfolio, version=DocumentVersion.FULL, by=world.jobseeker, language="nl"
    )
    document_build(document_id=document.pk)
    return str(document.public_id)


def data_export(world: World) -> str:
    export = data_export_request(user=world.jobseeker)
    data_export_build(export_id=export.pk)
    return str(export.public_id)
