"""Demo portfolios at every stage: empty, half-done draft, published private, published and
shared (coach, network, employers anonymised or named), with photos and certificates.

Goes through the same services a jobseeker uses (drafts, publishing, consent, uploads).
Skills come from the starter taxonomy (`load_starter_taxonomy`, which `make run` loads
first), looked up by their Dutch label; without a taxonomy the portfolios get no skills.
Idempotent: a jobseeker who already has a portfolio is left as they are.
"""

import io
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from portal.accounts.models import User
from portal.organisations.models import Membership, Role
from portal.taxonomy.models import Concept, ConceptType
from portfolios.forms import WishesForm
from portfolios.models import Audience, EvidenceKind, PortfolioPage
from portfolios.services import (
    consent_set,
    consent_set_coach_approval,
    portfolio_create,
    portfolio_publish,
    portfolio_save_draft,
)
from portfolios.uploads import evidence_create

from . import DEMO_EMAIL_DOMAIN, DEMO_LOGINS


@dataclass(frozen=True)
class DemoPortfolio:
    """One jobseeker's portfolio, as far as they got."""

    stage: str  # empty | draft | published
    headline: str = ""
    about_me: str = ""
    skills: dict[str, int] = field(default_factory=dict)  # Dutch taxonomy label → level
    occupations: tuple[str, ...] = ()
    narrative: tuple = ()
    wishes: dict = field(default_factory=dict)
    languages: tuple[tuple[str, str], ...] = ()
    support_needs: str = ""
    audiences: tuple[str, ...] = ()
    coach_approves: bool = False
    photo: bool = False
    certificate: str = ""  # title of a PDF certificate for the first skill


def _experience(kind, title, place, period, description=""):
    return (
        "experience",
        {
            "kind": kind,
            "title": title,
            "place": place,
            "period": period,
            "description": description,
        },
    )


def _education(name, school, year, certificate=False):
    return ("education", {"name": name, "school": school, "year": year, "certificate": certificate})


WAREHOUSE = DemoPortfolio(
    stage="published",
    headline="Ik werk graag aan het eind van de dag met een opgeruimd magazijn.",
    about_me=(
        "Ik ben handig en ik kom altijd op tijd. Ik heb twee jaar in een magazijn gewerkt. "
        "Ik werk het liefst in een vast team."
    ),
    skills={
        "op tijd komen": 4,
        "elektrische pallettruck besturen": 3,
        "goederen inpakken": 3,
        "laden en lossen": 3,
        "producten sorteren": 4,
        "samenwerken in een team": 3,
        "veiligheidsregels volgen": 2,
    },
    occupations=("magazijnmedewerker", "medewerker expeditie"),
    narrative=(
        _experience(
            "work",
            "Orderpicker",
            "Distributiecentrum in Veendam",
            "2022 – 2024",
            "Orders verzamelen met de pallettruck, ongeveer 150 per dag.",
        ),
        _experience(
            "volunteering",
            "Kantine",
            "Voetbalvereniging Winschoten",
            "sinds 2021",
            "Op zaterdag bardienst en de voorraad bijhouden.",
        ),
        _education("Heftruckcertificaat", "TDC Oldambt", "2024", certificate=True),
        _education("Entree-opleiding logistiek", "Noorderpoort", "2021"),
    ),
    wishes={
        "postcode": "9671AB",
        "hours_min": 24,
        "hours_max": 32,
        "max_travel_km": 25,
        "work_types": ["paid_job", "work_experience"],
        "sectors": ["logistics"],
        "transport": ["bike", "public_transport"],
        "days_available": ["mon", "tue", "wed", "thu"],
    },
    languages=(("Nederlands", "native"), ("Engels", "reasonable")),
    support_needs="Ik werk het best met een vaste begeleider op de werkvloer.",
    audiences=(Audience.COACH_ORGANISATION, Audience.EMPLOYERS_ANONYMOUS),
    coach_approves=True,
    photo=True,
    certificate="Heftruckcertificaat",
)

HALF_DONE = DemoPortfolio(
    stage="draft",
    headline="Ik wil graag in de keuken werken.",
    about_me="Ik kook thuis elke dag voor mijn gezin.",
    skills={"eten voorbereiden": 3, "hygiënisch werken met voedsel": 2},
    occupations=("kok",),
)

GREEN = DemoPortfolio(
    stage="published",
    headline="Buiten werken, dat is wat ik wil.",
    about_me="Ik heb een werkervaringsplek gehad bij de gemeente. Ik maai, snoei en ruim op.",
    skills={
        "gras maaien": 3,
        "planten": 2,
        "groenafval verwerken": 3,
        "zitmaaier of tractor besturen": 1,
    },
    occupations=("terreinbeheerder",),
    narrative=(
        _experience(
            "work",
            "Werkervaringsplek groen",
            "Gemeente Oldambt",
            "2023",
            "Met een ploeg van vier het openbaar groen bijhouden.",
        ),
    ),
    wishes={
        "postcode": "9681",
        "hours_min": 16,
        "hours_max": 24,
        "max_travel_km": 15,
        "work_types": ["work_experience", "paid_job"],
        "sectors": ["green"],
    },
    languages=(("Nederlands", "good"), ("Arabisch", "native")),
)

CLEANING = DemoPortfolio(
    stage="published",
    headline="Schoon en netjes werken, daar ben ik goed in.",
    about_me="Ik heb in een hotel en in een zorginstelling schoongemaakt.",
    skills={
        "stofzuigen": 4,
        "bedden opmaken": 3,
        "veilig werken met schoonmaakmiddelen": 3,
        "controleren of iets schoon is": 3,
    },
    occupations=("kamermeisje",),
    narrative=(_experience("work", "Schoonmaker", "Hotel in Groningen", "2019 – 2022"),),
    wishes={
        "postcode": "9641",
        "hours_min": 20,
        "hours_max": 32,
        "max_travel_km": 30,
        "work_types": ["paid_job"],
        "sectors": ["cleaning", "care"],
    },
    languages=(("Nederlands", "reasonable"), ("Pools", "native")),
    audiences=(Audience.NETWORK, Audience.COACH_ORGANISATION, Audience.EMPLOYERS_NAMED),
    coach_approves=True,
    certificate="Diploma schoonmaak",
)

SHOP = DemoPortfolio(
    stage="published",
    headline="Ik help graag klanten in de winkel.",
    skills={"klanten adviseren": 2, "geld tellen": 3, "versafdeling bijhouden": 2},
    occupations=("verkoopmedewerker",),
    wishes={
        "postcode": "9501",
        "hours_min": 12,
        "hours_max": 20,
        "work_types": ["internship"],
        "sectors": ["retail"],
    },
    audiences=(Audience.COACH_ORGANISATION,),
)

# Who gets which: the fixed demo logins first, then generated jobseekers by e-mail.
PLAN: tuple[tuple[str, DemoPortfolio], ...] = (
    (DEMO_LOGINS["jobseeker"], WAREHOUSE),
    (DEMO_LOGINS["jobseeker2"], HALF_DONE),
    (f"werkzoekende1.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", DemoPortfolio(stage="empty")),
    (f"werkzoekende2.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", GREEN),  # published, shared with nobody
    (f"werkzoekende3.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", CLEANING),
    (f"werkzoekende4.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", SHOP),
    (f"werkzoekende5.tdc-oldambt@{DEMO_EMAIL_DOMAIN}", HALF_DONE),
)


def demo_photo(seed: int) -> bytes:
    """A small, friendly placeholder portrait (head and shoulders), made with Pillow."""
    rng = random.Random(seed)
    background = tuple(rng.randint(150, 230) for _ in range(3))
    skin = rng.choice([(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36)])
    shirt = tuple(rng.randint(20, 120) for _ in range(3))
    image = Image.new("RGB", (240, 300), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 200, 200, 380), fill=shirt)
    draw.ellipse((75, 70, 165, 180), fill=skin)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_certificate(title: str) -> bytes:
    """A one-page PDF certificate, drawn by Pillow (no fonts needed beyond its default)."""
    image = Image.new("RGB", (595, 842), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 565, 812), outline=(11, 79, 108), width=6)
    draw.text((80, 120), "CERTIFICAAT", fill=(11, 79, 108))
    draw.text((80, 160), title, fill=(0, 0, 0))
    draw.text((80, 200), "TDC Oldambt", fill=(60, 60, 60))
    out = io.BytesIO()
    image.save(out, format="PDF")
    return out.getvalue()


def _concepts(labels: set[str]) -> dict[str, Concept]:
    found = Concept.objects.filter(preferred_labels__nl__in=sorted(labels))
    return {concept.preferred_labels.get("nl"): concept for concept in found}


def _coach_of(jobseeker: User) -> User | None:
    organisation_ids = (
        Membership.objects.active()
        .filter(user=jobseeker, role=Role.JOBSEEKER)
        .values("organisation")
    )
    membership = (
        Membership.objects.active()
        .filter(organisation__in=organisation_ids, role=Role.COACH)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _fresh(portfolio: PortfolioPage) -> PortfolioPage:
    return PortfolioPage.objects.get(pk=portfolio.pk)


def _wishes_fields(wishes: dict) -> dict:
    """The wishes as the editor's form stores them: postcode normalised, with its coordinates.

    Distance matching needs the latitude and longitude the form looks up for the postcode.
    """
    form = WishesForm(data=wishes)
    if not form.is_valid():
        raise ValueError(f"Demo wishes the editor would refuse: {form.errors.as_data()}")
    return form.page_fields()


def _build(jobseeker: User, spec: DemoPortfolio, concepts: dict[str, Concept]) -> PortfolioPage:
    portfolio = portfolio_create(jobseeker=jobseeker)
    if spec.stage == "empty":
        return portfolio
    photo = None
    if spec.photo:
        photo = evidence_create(
            owner=jobseeker,
            kind=EvidenceKind.PHOTO,
            uploaded_file=SimpleUploadedFile("foto.png", demo_photo(jobseeker.pk)),
            title="Ik op het werk",
        )
    skills = [
        {"concept": concepts[label], "level": level, "sort_order": index}
        for index, (label, level) in enumerate(spec.skills.items())
        if label in concepts and concepts[label].concept_type == ConceptType.SKILL
    ]
    occupations = [
        {"concept": concepts[label], "sort_order": index}
        for index, label in enumerate(spec.occupations)
        if label in concepts
    ]
    if spec.certificate and skills:
        evidence_create(
            owner=jobseeker,
            kind=EvidenceKind.CERTIFICATE,
            uploaded_file=SimpleUploadedFile("certificaat.pdf", demo_certificate(spec.certificate)),
            title=spec.certificate,
            concept=skills[0]["concept"],
        )
    # Step by step, as in the editor: every step is a draft revision (read fresh each time:
    # the draft builds on the newest revision).
    portfolio_save_draft(
        portfolio=_fresh(portfolio),
        by=jobseeker,
        fields={"headline": spec.headline, "about_me": spec.about_me, "photo_evidence": photo},
    )
    portfolio_save_draft(portfolio=_fresh(portfolio), by=jobseeker, children={"skills": skills})
    if spec.stage == "draft":
        return portfolio
    portfolio_save_draft(
        portfolio=_fresh(portfolio),
        by=jobseeker,
        fields={
            "narrative": list(spec.narrative),
            "support_needs": spec.support_needs,
            **_wishes_fields(spec.wishes),
        },
        children={
            "occupations": occupations,
            "languages": [
                {"language": language, "level": level, "sort_order": index}
                for index, (language, level) in enumerate(spec.languages)
            ],
        },
    )
    portfolio = portfolio_publish(portfolio=portfolio, by=jobseeker)
    for audience in spec.audiences:
        consent_set(portfolio=portfolio, audience=audience, granted=True, by=jobseeker)
    coach = _coach_of(jobseeker)
    if spec.coach_approves and coach is not None:
        consent_set_coach_approval(portfolio=portfolio, approved=True, by=coach)
    return portfolio


def load_demo_portfolios() -> int:
    """Make the demo portfolios that are missing; returns how many were made."""
    people = {
        user.email: user for user in User.objects.filter(email__in=[email for email, _ in PLAN])
    }
    done = set(
        PortfolioPage.objects.filter(jobseeker__in=people.values()).values_list(
            "jobseeker", flat=True
        )
    )
    todo = [
        (people[email], spec)
        for email, spec in PLAN
        if email in people and people[email].pk not in done
    ]
    if not todo:
        return 0
    labels = {label for _, spec in todo for label in (*spec.skills, *spec.occupations)}
    concepts = _concepts(labels)
    for jobseeker, spec in todo:
        _build(jobseeker, spec, concepts)
    return len(todo)
