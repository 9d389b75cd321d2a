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

# key, the part of the address before the demo domain, first and last name, role, organisation.
_ACCOUNTS = (
    ("jobseeker", "werkzoekende", "Sanne", "de Boer", "jobseeker", FIRST_TRAINING_CENTRE),
    ("jobseeker2", "werkzoekende2", "Anouk", "Veenstra", "jobseeker", DEMO_MUNICIPALITY),
    ("coach", "coach", "Marieke", "Bosma", "coach", FIRST_TRAINING_CENTRE),
    ("coach2", "coach2", "Bram", "Kuipers", "coach", DEMO_MUNICIPALITY),
    ("training_staff", "opleider", "Henk", "Wolters", "training_staff", FIRST_TRAINING_CENTRE),
    ("recruiter", "werkgever", "Lotte", "Visser", "recruiter", DEMO_EMPLOYER),
    ("organisation_admin", "beheerder", "Gerrit", "Jansen", "organisation_admin", FIRST_TRAINING_CENTRE),
    ("network_admin", "netwerkbeheer", "Ingrid", "Dijkstra", "", ""),
)  # fmt: skip

DEMO_ACCOUNTS: tuple[DemoAccount, ...] = tuple(
    DemoAccount(key, f"{local}@{DEMO_EMAIL_DOMAIN}", first_name, last_name, role, organisation)
    for key, local, first_name, last_name, role, organisation in _ACCOUNTS
)

# Role key → e-mail address: the one list README, CI's smoke test and tests use.
DEMO_LOGINS: dict[str, str] = {account.key: account.email for account in DEMO_ACCOUNTS}
