"""The demo network: who works where in Oost-Groningen, and the employers beyond it.

All names are invented; places and postcodes are real (see portal.geo), street
addresses are plausible but not anybody's. Plain data only, so the loaders
(`small`, `bulk`) decide how it reaches the database.
"""

from dataclasses import dataclass, field

from portal.organisations.models import OrganisationKind, OrganisationStatus, Role

from . import DEMO_EMPLOYER, DEMO_MUNICIPALITY, FIRST_TRAINING_CENTRE

TRAINING_CENTRE = OrganisationKind.TRAINING_CENTRE
MUNICIPALITY = OrganisationKind.MUNICIPALITY
SHELTERED_WORK = OrganisationKind.SHELTERED_WORK
SCHOOL = OrganisationKind.SCHOOL
BENEFITS_AGENCY = OrganisationKind.BENEFITS_AGENCY
EMPLOYER = OrganisationKind.EMPLOYER

APPROVED = OrganisationStatus.APPROVED
PENDING = OrganisationStatus.PENDING
REJECTED = OrganisationStatus.REJECTED


@dataclass(frozen=True)
class OrganisationSpec:
    """One demo organisation and how many generated people work or learn there.

    `staff` counts generated members per role, on top of the fixed demo logins.
    """

    slug: str
    name: str
    kind: str
    pc4: str
    street_address: str
    status: str = APPROVED
    sector: str = ""
    staff: dict[str, int] = field(default_factory=dict)
    jobseekers: int = 0


def _intermediary(
    slug: str,
    name: str,
    kind: str,
    pc4: str,
    street: str,
    *,
    coaches: int,
    jobseekers: int,
    admins: int = 1,
    training_staff: int = 0,
) -> OrganisationSpec:
    staff = {Role.ORGANISATION_ADMIN: admins, Role.COACH: coaches}
    if training_staff:
        staff[Role.TRAINING_STAFF] = training_staff
    return OrganisationSpec(slug, name, kind, pc4, street, staff=staff, jobseekers=jobseekers)


def _employer(
    slug: str,
    name: str,
    pc4: str,
    street: str,
    sector: str,
    status: str = APPROVED,
    recruiters: int = 1,
) -> OrganisationSpec:
    # Whoever registered the organisation is its admin; recruiters come once approved.
    staff = {Role.ORGANISATION_ADMIN: 1}
    if status == APPROVED:
        staff[Role.RECRUITER] = recruiters
    return OrganisationSpec(
        slug, name, EMPLOYER, pc4, street, status=status, sector=sector, staff=staff
    )


# The five training centres (TDCs) of Oost-Groningen, each in another place. The
# first one is where the fixed demo logins work; its admin is beheerder@.
TRAINING_CENTRES = (
    _intermediary(FIRST_TRAINING_CENTRE, "TDC Oldambt", TRAINING_CENTRE, "9672",
                  "Nijverheidsweg 8", admins=0, coaches=1, training_staff=1, jobseekers=8),
    _intermediary("werkplein-stadskanaal-leerwerkcentrum", "Werkplein Stadskanaal Leerwerkcentrum",
                  TRAINING_CENTRE, "9502", "Industrieweg 21", coaches=2, training_staff=1,
                  jobseekers=7),
    _intermediary("opleidingscentrum-de-veenkolonien", "Opleidingscentrum De Veenkoloniën",
                  TRAINING_CENTRE, "9645", "Handelsweg 5", coaches=2, training_staff=1,
                  jobseekers=7),
    _intermediary("praktijkcentrum-eemsdelta", "Praktijkcentrum Eemsdelta", TRAINING_CENTRE,
                  "9933", "Havenweg 12", coaches=2, training_staff=1, jobseekers=6),
    _intermediary("leerwerkbedrijf-westerwolde", "Leerwerkbedrijf Westerwolde", TRAINING_CENTRE,
                  "9561", "Hoofdstraat 40", coaches=1, training_staff=1, jobseekers=6),
)  # fmt: skip

# The seven municipalities of Oost-Groningen (their work-and-income teams).
MUNICIPALITIES = (
    _intermediary(DEMO_MUNICIPALITY, "Gemeente Oldambt", MUNICIPALITY, "9671",
                  "Stadhuisplein 1", coaches=1, jobseekers=5),
    _intermediary("gemeente-pekela", "Gemeente Pekela", MUNICIPALITY, "9665",
                  "Raadhuislaan 2", coaches=1, jobseekers=4),
    _intermediary("gemeente-stadskanaal", "Gemeente Stadskanaal", MUNICIPALITY, "9501",
                  "Raadhuisplein 1", coaches=2, jobseekers=5),
    _intermediary("gemeente-veendam", "Gemeente Veendam", MUNICIPALITY, "9641",
                  "Raadhuisplein 1", coaches=2, jobseekers=5),
    _intermediary("gemeente-westerwolde", "Gemeente Westerwolde", MUNICIPALITY, "9561",
                  "Sportlaan 2", coaches=1, jobseekers=4),
    _intermediary("gemeente-midden-groningen", "Gemeente Midden-Groningen", MUNICIPALITY, "9601",
                  "Kerkstraat 37", coaches=2, jobseekers=5),
    _intermediary("gemeente-eemsdelta", "Gemeente Eemsdelta", MUNICIPALITY, "9934",
                  "Steenstraat 1", coaches=2, jobseekers=4),
)  # fmt: skip

OTHER_INTERMEDIARIES = (
    _intermediary("werkbedrijf-ommelanden", "Werkbedrijf Ommelanden", SHELTERED_WORK, "9646",
                  "Industrieweg 30", coaches=2, jobseekers=6),
    _intermediary("praktijkschool-de-zeilen", "Praktijkschool De Zeilen", SCHOOL, "9673",
                  "Schoolstraat 3", coaches=1, jobseekers=4),
    _intermediary("vso-het-veenhuis", "VSO Het Veenhuis", SCHOOL, "9503", "Dennenlaan 15",
                  coaches=1, jobseekers=4),
    _intermediary("uitkeringskantoor-winschoten", "Uitkeringskantoor Winschoten", BENEFITS_AGENCY,
                  "9674", "Papierbaan 2", coaches=2, jobseekers=3),
)  # fmt: skip

# Employers in Groningen, 's-Hertogenbosch and Haarlem across the sectors our
# jobseekers aim for, plus two near home. Most are approved; a few wait for a
# network admin, one was turned down (not a real employer).
EMPLOYERS = (
    _employer(DEMO_EMPLOYER, "Noorderhaven Logistiek", "9743", "Transportweg 20", "logistiek",
              recruiters=1),
    _employer("glans-schoonmaakdiensten", "Glans Schoonmaakdiensten", "9722", "Handelsweg 9",
              "schoonmaak"),
    _employer("groenwerk-stad-en-ommeland", "Groenwerk Stad en Ommeland", "9741",
              "Kwekerijweg 4", "groen"),
    _employer("eetcafe-de-zuiderhaven", "Eetcafé De Zuiderhaven", "9711", "Marktstraat 14",
              "horeca"),
    _employer("hunze-metaaltechniek", "Hunze Metaaltechniek", "9733", "Nijverheidsweg 7", "metaal"),
    _employer("zorggroep-noorderlicht", "Zorggroep Noorderlicht", "9726", "Zorgpad 6",
              "zorg", recruiters=2),
    _employer("stadsbouw-groningen", "Stadsbouw Groningen", "9747", "Bouwerij 11", "bouw",
              status=PENDING),
    _employer("bossche-bouwcombinatie", "Bossche Bouwcombinatie", "5231", "Ambachtsweg 12",
              "bouw"),
    _employer("dommel-facilitair", "Dommel Facilitair", "5211", "Stationsplein 3",
              "facilitair"),
    _employer("versmarkt-rosmalen", "Versmarkt Rosmalen", "5242", "Winkelhof 25",
              "detailhandel"),
    _employer("maasland-distributie", "Maasland Distributie", "5221", "Distributieweg 30",
              "logistiek", status=PENDING),
    _employer("spaarne-schoonmaak", "Spaarne Schoonmaak", "2031", "Industrieweg 52", "schoonmaak"),
    _employer("hotel-restaurant-kenau", "Hotel-Restaurant Kenau", "2011", "Grote Markt 30",
              "horeca"),
    _employer("kennemer-groen", "Kennemer Groen", "2033", "Tuinderslaan 8", "groen"),
    _employer("zorgcentrum-de-schalkwijk", "Zorgcentrum De Schalkwijk", "2035",
              "Zorgplein 1", "zorg"),
    _employer("veenkoloniaal-metaal", "Veenkoloniaal Metaal", "9644", "Werkhavenweg 9", "metaal"),
    _employer("agrarisch-loonbedrijf-westerwolde", "Agrarisch Loonbedrijf Westerwolde", "9541",
              "Esweg 4", "groen"),
    _employer("flexwerk-direct", "Flexwerk Direct", "2012", "Stationsweg 1", "uitzendwerk",
              status=REJECTED),
)  # fmt: skip

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    *TRAINING_CENTRES,
    *MUNICIPALITIES,
    *OTHER_INTERMEDIARIES,
    *EMPLOYERS,
)

# Jobseekers at stages other than "active member" (keys are stable e-mail
# local parts, so a second run finds them again).
PENDING_INVITATIONS = (
    # (e-mail local part, first name, organisation slug)
    ("uitgenodigd1", "Kevin", FIRST_TRAINING_CENTRE),
    ("uitgenodigd2", "Esmee", "werkplein-stadskanaal-leerwerkcentrum"),
    ("uitgenodigd3", "Ruben", DEMO_MUNICIPALITY),
)
EXPIRED_INVITATION = ("uitgenodigd-verlopen", "Tim", "gemeente-veendam")
# Left the training centre (found work, moved, or stopped).
ENDED_JOBSEEKER = ("gestopt", "Dennis", "Hoekstra", FIRST_TRAINING_CENTRE)
# Finished special secondary education, now at a training centre.
MOVED_JOBSEEKER = (
    "doorgestroomd", "Lisa", "Brouwer", "vso-het-veenhuis", "werkplein-stadskanaal-leerwerkcentrum"
)  # fmt: skip

# Building blocks for the generated organisations of the 10k/100k loads:
# (name template, kind or sector). `{place}` is a place from portal.geo.
BULK_INTERMEDIARY_NAMES = (
    ("Leerwerkcentrum {place}", TRAINING_CENTRE),
    ("Werkplaats {place}", TRAINING_CENTRE),
    ("Werkbedrijf {place}", SHELTERED_WORK),
    ("Praktijkschool {place}", SCHOOL),
    ("Sociaal Werkplein {place}", MUNICIPALITY),
)
BULK_EMPLOYER_NAMES = (
    ("Transport {place}", "logistiek"),
    ("Distributiecentrum {place}", "logistiek"),
    ("Schoonmaakbedrijf {place}", "schoonmaak"),
    ("Glazenwasserij {place}", "schoonmaak"),
    ("Hoveniersbedrijf {place}", "groen"),
    ("Groenvoorziening {place}", "groen"),
    ("Restaurant {place}", "horeca"),
    ("Hotel {place}", "horeca"),
    ("Supermarkt {place}", "detailhandel"),
    ("Bouwmarkt {place}", "detailhandel"),
    ("Bouwbedrijf {place}", "bouw"),
    ("Installatietechniek {place}", "bouw"),
    ("Metaalbewerking {place}", "metaal"),
    ("Constructiebedrijf {place}", "metaal"),
    ("Zorgcentrum {place}", "zorg"),
    ("Thuiszorg {place}", "zorg"),
    ("Facilitaire Diensten {place}", "facilitair"),
    ("Kantine- en Cateringservice {place}", "facilitair"),
    ("Productiebedrijf {place}", "productie"),
    ("Fietsenmakerij {place}", "detailhandel"),
)
