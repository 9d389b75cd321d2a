"""Demo data: the fixed demo logins, and loaders used by `manage.py demo_data`.

This module holds only constants, so README, CI's smoke test and tests can
import the logins without setting up Django. The loaders live in
`demo.small` (the realistic Oost-Groningen network) and
`demo.bulk` (10k/100k jobseekers with bulk inserts).
"""

from dataclasses import dataclass

DEMO_PASSWORD = "Talentbrug-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.talentbrug.nl"
# Generated people of the 10k/100k loads, apart from the hand-made small set.
BULK_EMAIL_DOMAIN = f"bulk.{DEMO_EMAIL_DOMAIN}"


@dataclass(frozen=True)
class DemoAccount:
    """One fixed demo login: who it is and where it works."""

    key: str
    email: str
    first_name: str
    last_name: str
    # Role value of portal.organisations.models.Role, or "" for the network admin.
    role: str
    organisation_slug: str


FIRST_TRAINING_CENTRE = "tdc-oldambt"
DEMO_MUNICIPALITY = "gemeente-oldambt"
DEMO_EMPLOYER = "noorderhaven-logistiek"

DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "jobseeker", f"werkzoekende@{DEMO_EMAIL_DOMAIN}", "Sanne", "de Boer",
        "jobseeker", FIRST_TRAINING_CENTRE,
    ),
    DemoAccount(
        "jobseeker2", f"werkzoekende2@{DEMO_EMAIL_DOMAIN}", "Anouk", "Veenstra",
        "jobseeker", DEMO_MUNICIPALITY,
    ),
    DemoAccount(
        "coach", f"coach@{DEMO_EMAIL_DOMAIN}", "Marieke", "Bosma",
        "coach", FIRST_TRAINING_CENTRE,
    ),
    DemoAccount(
        "coach2", f"coach2@{DEMO_EMAIL_DOMAIN}", "Bram", "Kuipers",
        "coach", DEMO_MUNICIPALITY,
    ),
    DemoAccount(
        "training_staff", f"opleider@{DEMO_EMAIL_DOMAIN}", "Henk", "Wolters",
        "training_staff", FIRST_TRAINING_CENTRE,
    ),
    DemoAccount(
        "recruiter", f"werkgever@{DEMO_EMAIL_DOMAIN}", "Lotte", "Visser",
        "recruiter", DEMO_EMPLOYER,
    ),
    DemoAccount(
        "organisation_admin", f"beheerder@{DEMO_EMAIL_DOMAIN}", "Gerrit", "Jansen",
        "organisation_admin", FIRST_TRAINING_CENTRE,
    ),
    DemoAccount(
        "network_admin", f"netwerkbeheer@{DEMO_EMAIL_DOMAIN}", "Ingrid", "Dijkstra",
        "", "",
    ),
)  # fmt: skip

# Role key → e-mail address: the one list README, CI's smoke test and tests use.
DEMO_LOGINS: dict[str, str] = {account.key: account.email for account in DEMO_ACCOUNTS}
