"""Dutch phrase lists the bulk loader builds portfolio texts from.

Plain B1 sentences as jobseekers write them about themselves. No names of
people, companies or streets: the texts end up in employers' anonymised views
and in the search index, where a name would give somebody away.
"""

# "{work}" is the Dutch label of an occupation the person wants.
HEADLINES = (
    "Ik wil graag aan de slag als {work}.",
    "Op zoek naar werk als {work}, het liefst in een vast team.",
    "Ik ben betrouwbaar en wil werken als {work}.",
    "Graag aan het werk als {work}, dicht bij huis.",
    "Ik pak alles aan en leer snel. Werken als {work} past bij mij.",
    "Ik zoek een plek als {work} waar ik kan groeien.",
    "Handig, op tijd en zin om te werken als {work}.",
    "Ik wil weer meedoen, het liefst als {work}.",
)

TRAITS = (
    "handig",
    "betrouwbaar",
    "rustig",
    "behulpzaam",
    "nauwkeurig",
    "sportief",
    "vriendelijk",
    "leergierig",
    "altijd op tijd",
    "geduldig",
    "netjes",
    "zelfstandig",
)

# "{work}" is an occupation the person did before, "{years}" a small number.
EXPERIENCES = (
    "Ik heb {years} jaar gewerkt als {work}.",
    "Ik heb een werkervaringsplek gehad als {work}.",
    "Ik heb stage gelopen als {work} en dat ging goed.",
    "Vroeger werkte ik als {work}, maar dat bedrijf is gestopt.",
    "Ik heb een tijd als {work} gewerkt via een uitzendbureau.",
)

OTHER_EXPERIENCES = (
    "Ik doe vrijwilligerswerk bij de voetbalclub.",
    "Ik help elke week in de buurtkamer.",
    "Ik heb een tijd thuis gezeten en wil nu weer aan het werk.",
    "Ik zorg thuis voor mijn kinderen en wil er werk naast.",
    "Ik heb mijn Entree-diploma gehaald.",
    "Ik ben een paar jaar geleden naar Nederland gekomen en leer de taal.",
    "Ik help de buren vaak met klussen in huis en tuin.",
)

PREFERENCES = (
    "Ik werk het liefst in een vast team.",
    "Ik werk het liefst buiten.",
    "Ik werk graag met mijn handen.",
    "Ik vind het fijn om met mensen te werken.",
    "Ik werk het best op vaste tijden.",
    "Ik begin graag vroeg op de dag.",
    "Ik werk graag zelfstandig als ik weet wat ik moet doen.",
    "Een rustige werkplek past het best bij mij.",
)

WISHES = (
    "Ik wil graag een vaste baan.",
    "Ik wil iets nieuws leren.",
    "Ik wil mijn diploma halen naast mijn werk.",
    "Ik wil meer uren gaan werken.",
    "Ik wil laten zien wat ik kan.",
    "Ik wil graag een plek waar ik lang kan blijven.",
)

SUPPORT_NEEDS = (
    "Ik werk het best met een vaste begeleider op de werkvloer.",
    "Ik heb het liefst duidelijke afspraken en een vast rooster.",
    "Ik heb soms wat meer tijd nodig om iets nieuws te leren.",
    "Ik werk het best als ik één taak tegelijk doe.",
    "Ik kan niet lang achter elkaar staan; af en toe zitten helpt.",
    "Het helpt mij als iemand het werk eerst een keer voordoet.",
)

# A narrative entry: (kind, title, place, description).
NARRATIVE_EXPERIENCES = (
    ("work", "Orderpicker", "Distributiecentrum", "Orders verzamelen met een scanner."),
    ("work", "Schoonmaker", "Kantoorgebouw", "Kantoren en sanitair schoonmaken."),
    ("work", "Keukenhulp", "Restaurant", "Afwassen en groente snijden."),
    ("work", "Vakkenvuller", "Supermarkt", "Schappen vullen en de voorraad bijhouden."),
    ("work", "Productiemedewerker", "Fabriek", "Aan de lopende band onderdelen inpakken."),
    ("volunteering", "Kantine", "Sportvereniging", "Op zaterdag bardienst."),
    ("volunteering", "Tuinonderhoud", "Buurttuin", "Onkruid wieden en planten water geven."),
    ("volunteering", "Koffie schenken", "Buurthuis", "Koffie en thee voor de bezoekers."),
    ("internship", "Stage groen", "Gemeente", "Maaien en snoeien in een ploeg."),
    ("internship", "Stage zorg", "Zorgcentrum", "Helpen bij het eten en bij activiteiten."),
)
NARRATIVE_EDUCATION = (
    ("Entree-opleiding", "mbo-school"),
    ("Heftruckcertificaat", "leerwerkcentrum"),
    ("VCA Basisveiligheid", "opleidingscentrum"),
    ("Cursus Nederlands", "taalhuis"),
    ("Sociale Hygiëne", "opleidingscentrum"),
    ("Certificaat schoonmaak", "leerwerkcentrum"),
)

# Language names as people write them, beside Dutch.
OTHER_LANGUAGES = (
    "Engels",
    "Arabisch",
    "Pools",
    "Turks",
    "Tigrinya",
    "Duits",
    "Oekraïens",
    "Somalisch",
    "Papiaments",
    "Berbers",
)
