"""The site pages every Talentbrug installation starts with, in Dutch and English.

Editors change them in /cms/; the English pages are Wagtail translations of the Dutch ones.
"""

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
            "<p>Plaats vacatures met de vaardigheden die echt nodig zijn. Je krijgt kandidaten "
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

# The same pages in English, by slug of the Dutch page ("" for the home page).
ENGLISH = {
    "": {
        "title": "Talentbrug: show what you can do",
        "intro": (
            "There is work, but work and people do not find each other by themselves. On "
            "Talentbrug you make your own portfolio: what am I good at, what do I want? Coaches "
            "and employers find you by what you can do."
        ),
        "body": [
            _h("For jobseekers"),
            _p(
                "<p>You make your portfolio yourself, step by step, on your phone too. You choose "
                "who may see it. Your coach helps if you want.</p>"
            ),
            _h("For coaches and matchers"),
            _p(
                "<p>Search candidates by skills, see why someone fits and what is still missing, "
                "and follow every proposal up to a placement.</p>"
            ),
            _h("For employers"),
            _p(
                "<p>Post vacancies with the skills that are really needed. Coaches who know the "
                "candidates propose them to you.</p>"
            ),
        ],
    },
    "over-talentbrug": {
        "title": "About Talentbrug",
        "intro": "Talentbrug brings jobseekers, coaches, training centres and employers together.",
        "body": [
            _p(
                "<p>Talentbrug was made with work-learning centres, municipalities, a sheltered-work "
                "company, schools and employers. Many jobseekers are at a distance from the labour "
                "market. With a portfolio they show what they can do, in their own words.</p>"
            ),
            _h("How matching works"),
            _p(
                "<p>We compare skills from one list (based on ESCO, the European list of "
                "occupations and skills). That is why we can always explain why someone fits a "
                "vacancy. A person always decides: the computer proposes no one by itself.</p>"
            ),
        ],
    },
    "privacy": {
        "title": "Privacy statement",
        "intro": "Your data is yours. Nobody sees your portfolio without your consent.",
        "body": [
            _h("What data we keep"),
            _p(
                "<p>Your name, e-mail address, your portfolio (skills, experience, wishes) and "
                "what your coach or training centre records about you. Sensitive data, such as a "
                "target group or what helps you at work, is seen only by your coach's "
                "organisation.</p>"
            ),
            _h("Who sees your data"),
            _p(
                "<p>Nobody, by default. You choose per group who may see your portfolio, and you "
                "can always switch that off again. Every time someone else looks at your data, we "
                "write down who and when. You see that list yourself under ‘Who looked at my "
                "data’.</p>"
            ),
            _h("Your rights"),
            _p(
                "<p>You can download all your data and delete your account. Data we must keep for "
                "reports is then made anonymous.</p>"
            ),
        ],
    },
    "toegankelijkheid": {
        "title": "Accessibility statement",
        "intro": (
            "Talentbrug wants to be usable for everyone. We follow the WCAG 2.1 standard, level AA."
        ),
        "body": [
            _h("What we do"),
            _p(
                "<p>Every page works with only a keyboard and on a screen 360 pixels wide. Texts "
                "are short and at language level B1. We test every page automatically with "
                "axe-core in a real browser.</p>"
            ),
            _h("Found something that does not work?"),
            _p(
                "<p>Let us know through your coach or the network's administrator. We answer "
                "within five working days.</p>"
            ),
        ],
    },
}
