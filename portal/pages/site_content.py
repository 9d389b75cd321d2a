"""The site pages every Talentbrug installation starts with (Dutch; editors change them in /cms/)."""

from datetime import date


def _p(text: str) -> dict:
    return {"type": "paragraph", "value": text}


def _h(text: str) -> dict:
    return {"type": "heading", "value": text}


HOME = {
    "title": "Talentbrug: laat zien wat je kunt",
    "intro": (
        "Er is werk, maar werk en mensen vinden elkaar niet vanzelf. Op Talentbrug maak je je "
        "eigen portfolio: waar ben ik goed in, wat wil ik? Coaches en werkgevers vinden je op wat "
        "je kunt."
    ),
    "body": [
        _h("Voor werkzoekenden"),
        _p(
            "<p>Je maakt je portfolio zelf, stap voor stap, ook op je telefoon. Jij kiest wie het "
            "mag zien. Je coach helpt als je dat wilt.</p>"
        ),
        _h("Voor coaches en matchers"),
        _p(
            "<p>Zoek kandidaten op vaardigheden, zie waarom iemand past en wat nog ontbreekt, en "
            "volg elk voorstel tot aan plaatsing.</p>"
        ),
        _h("Voor werkgevers"),
        _p(
            "<p>Plaats vacatures met de vaardigheden die echt nodig zijn. U krijgt kandidaten "
            "voorgesteld door coaches die hen kennen.</p>"
        ),
    ],
}

PAGES = [
    {
        "slug": "over-talentbrug",
        "title": "Over Talentbrug",
        "intro": "Talentbrug brengt werkzoekenden, coaches, opleiders en werkgevers bij elkaar.",
        "body": [
            _p(
                "<p>Talentbrug is gemaakt met leerwerkcentra, gemeenten, een sociaal werkbedrijf, "
                "scholen en werkgevers. Veel werkzoekenden staan op afstand van de arbeidsmarkt. "
                "Zij laten met een portfolio zien wat ze kunnen, in hun eigen woorden.</p>"
            ),
            _h("Hoe matchen werkt"),
            _p(
                "<p>We vergelijken vaardigheden uit één lijst (gebaseerd op ESCO, de Europese "
                "lijst van beroepen en vaardigheden). Daardoor kunnen we altijd uitleggen waarom "
                "iemand bij een vacature past. Een mens beslist altijd: de computer stelt niemand "
                "zelf voor.</p>"
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacyverklaring",
        "intro": "Jouw gegevens zijn van jou. Niemand ziet je portfolio zonder jouw toestemming.",
        "body": [
            _h("Welke gegevens we bewaren"),
            _p(
                "<p>Je naam, e-mailadres, je portfolio (vaardigheden, ervaring, wensen) en wat je "
                "coach of opleider over je vastlegt. Gevoelige gegevens, zoals een doelgroep of "
                "wat je helpt op het werk, ziet alleen de organisatie van je coach.</p>"
            ),
            _h("Wie je gegevens ziet"),
            _p(
                "<p>Standaard niemand. Jij kiest per groep wie je portfolio mag zien, en je kunt "
                "dat altijd weer uitzetten. Elke keer dat iemand anders je gegevens bekijkt, "
                "schrijven we op wie en wanneer. Die lijst zie je zelf onder ‘Wie keek naar mijn "
                "gegevens’.</p>"
            ),
            _h("Je rechten"),
            _p(
                "<p>Je kunt al je gegevens downloaden en je account verwijderen. Gegevens die we "
                "voor rapportages moeten bewaren, maken we dan anoniem.</p>"
            ),
        ],
    },
    {
        "slug": "toegankelijkheid",
        "title": "Toegankelijkheidsverklaring",
        "intro": (
            "Talentbrug wil voor iedereen bruikbaar zijn. We houden ons aan de norm WCAG 2.1, "
            "niveau AA."
        ),
        "body": [
            _h("Wat we doen"),
            _p(
                "<p>Elke pagina werkt met alleen een toetsenbord en op een scherm van 360 pixels "
                "breed. Teksten zijn kort en op taalniveau B1. We testen elke pagina automatisch "
                "met axe-core in een echte browser.</p>"
            ),
            _h("Iets gevonden dat niet werkt?"),
            _p(
                "<p>Laat het ons weten via je coach of de beheerder van het netwerk. We reageren "
                "binnen vijf werkdagen.</p>"
            ),
        ],
        "last_reviewed": date(2026, 11, 23),
    },
]
