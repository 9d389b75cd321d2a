"""The small demo network: Oost-Groningen's training centres, municipalities, schools and
employers, the fixed demo logins, and jobseekers at every stage.

Everything goes through the factories and so through the same services as
production (memberships grant guardian permissions, changes are audited). It is
idempotent: each object is keyed on a slug or an e-mail address under
DEMO_EMAIL_DOMAIN, so a second run finds what the first one made and adds nothing.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from faker import Faker

from portal.accounts.factories import InvitationFactory, UserFactory, hashed_password
from portal.accounts.models import NETWORK_ADMIN_GROUP, Invitation, User
from portal.organisations.factories import MembershipFactory, OrganisationFactory, phone_number
from portal.organisations.models import Membership, Organisation, OrganisationStatus, Role
from portal.organisations.services import membership_create

from . import DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, content
from .api import load_demo_api_keys
from .events import load_demo_events
from .portfolios import load_demo_portfolios
from .proposals import load_demo_proposals, settle_demo_notifications
from .socialreturn import load_demo_social_return
from .trajectories import load_demo_trajectories
from .vacancies import load_vacancies

# The word for each role in generated e-mail addresses (coach1.tdc-oldambt@...).
ROLE_WORDS: dict[str, str] = {
    Role.ORGANISATION_ADMIN: "beheerder",
    Role.COACH: "coach",
    Role.TRAINING_STAFF: "opleider",
    Role.RECRUITER: "recruiter",
    Role.JOBSEEKER: "werkzoekende",
}
# Same seed every run: a fresh database always gets the same names and dates.
SEED = 2026
# The fixed jobseeker joined before her 18 months of proposals and her trajectory began.
SANNE_JOINED_DAYS_AGO = 560


@dataclass(frozen=True)
class LoadSummary:
    """What one run added (zero everywhere on a second run)."""

    organisations: int
    users: int
    memberships: int
    invitations: int


def demo_email(local_part: str) -> str:
    """An address in the demo domain, which no real person uses."""
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


class _SmallLoader:
    def __init__(self) -> None:
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        # One hash for everyone: hashing is slow by design, and this data is not real.
        self.password = hashed_password(DEMO_PASSWORD)
        self.created: Counter[str] = Counter()
        domain = "@" + DEMO_EMAIL_DOMAIN
        self.users = {u.email: u for u in User.objects.filter(email__endswith=domain)}
        self.memberships = {
            (m.user_id, m.organisation_id): m
            for m in Membership.objects.filter(user__email__endswith=domain)
        }
        self.organisations: dict[str, Organisation] = {}
        self.coaches: dict[str, list[User]] = {}

    def days_ago(self, low: int, high: int) -> datetime:
        return self.now - timedelta(
            days=self.rng.randint(low, high), minutes=self.rng.randint(0, 600)
        )

    # --- building blocks -------------------------------------------------

    def organisation(self, spec: content.OrganisationSpec) -> Organisation:
        organisation = Organisation.objects.filter(slug=spec.slug).first()
        if organisation is None:
            created_at = self.days_ago(400, 900)
            approved = spec.status == OrganisationStatus.APPROVED
            organisation = OrganisationFactory(
                slug=spec.slug,
                name=spec.name,
                kind=spec.kind,
                status=spec.status,
                pc4=spec.pc4,
                street_address=spec.street_address,
                email=demo_email(f"info.{spec.slug}"),
                phone=phone_number(self.rng),
                created_at=created_at,
                approved_at=created_at + timedelta(days=3) if approved else None,
            )
            self.created["organisations"] += 1
        self.organisations[spec.slug] = organisation
        return organisation

    def user(
        self, email: str, first_name: str = "", last_name: str = "", *, fixed: bool = False, **flags
    ) -> User:
        user = self.users.get(email)
        if user is None:
            if not first_name:
                first_name, last_name = self.fake.first_name(), self.fake.last_name()
            user = UserFactory(
                email=email,
                first_name=first_name,
                last_name=last_name,
                password=self.password,
                date_joined=self.days_ago(30, 540),
                verified_email=True,
                **flags,
            )
            self.users[email] = user
            self.created["users"] += 1
        elif fixed:
            # Whatever someone changed while trying the demo, README's login works again.
            user.password = self.password
            user.is_active = True
            for name, value in flags.items():
                setattr(user, name, value)
            user.save(update_fields=["password", "is_active", *flags])
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        return user

    def member(
        self,
        user: User,
        organisation: Organisation,
        role: str,
        *,
        by: User | None,
        active: bool = True,
        **fields,
    ) -> Membership:
        existing = self.memberships.get((user.pk, organisation.pk))
        if existing is not None:
            if active and not (existing.is_active and existing.role == role):
                # Repair a fixed role changed by hand; a clean second run never gets here.
                existing = membership_create(user=user, organisation=organisation, role=role, by=by)
            return existing
        # Drawn even when given, so fixing one date keeps every later random draw the same.
        random_date = self.days_ago(10, 540)
        fields.setdefault("created_at", random_date)
        membership = MembershipFactory(
            user=user, organisation=organisation, role=role, by=by, is_active=active, **fields
        )
        self.memberships[(user.pk, organisation.pk)] = membership
        self.created["memberships"] += 1
        return membership

    def invitation(self, email: str, first_name: str, organisation: Organisation, **fields) -> None:
        if Invitation.objects.filter(email=email, organisation=organisation).exists():
            return
        InvitationFactory(
            email=email,
            first_name=first_name,
            organisation=organisation,
            role=Role.JOBSEEKER,
            **fields,
        )
        self.created["invitations"] += 1

    # --- the network -----------------------------------------------------

    def load(self) -> LoadSummary:
        admin_account = next(a for a in DEMO_ACCOUNTS if a.key == "network_admin")
        network_admin = self.user(
            admin_account.email,
            admin_account.first_name,
            admin_account.last_name,
            fixed=True,
            is_staff=True,
            is_superuser=False,
        )
        # A role, not a superuser: the group the migrations made (README, "Demo logins").
        network_admin.groups.add(Group.objects.get(name=NETWORK_ADMIN_GROUP))
        for spec in content.ORGANISATIONS:
            self.organisation(spec)

        # Staff before jobseekers, so a jobseeker's membership is recorded as made by a coach.
        accounts = sorted(
            (a for a in DEMO_ACCOUNTS if a.role), key=lambda a: a.role == Role.JOBSEEKER
        )
        for account in accounts:
            user = self.user(account.email, account.first_name, account.last_name, fixed=True)
            organisation = self.organisations[account.organisation_slug]
            by = network_admin if account.role != Role.JOBSEEKER else self.coach_of(organisation)
            joined = {}
            if account.key == "jobseeker":
                joined["created_at"] = timezone.now() - timedelta(days=SANNE_JOINED_DAYS_AGO)
            self.member(user, organisation, account.role, by=by, **joined)
            if account.role == Role.COACH:
                self.coaches.setdefault(organisation.slug, []).append(user)

        for spec in content.ORGANISATIONS:
            organisation = self.organisations[spec.slug]
            for role, count in spec.staff.items():
                for n in range(1, count + 1):
                    user = self.user(demo_email(f"{ROLE_WORDS[role]}{n}.{spec.slug}"))
                    self.member(user, organisation, role, by=network_admin)
                    if role == Role.COACH:
                        self.coaches.setdefault(spec.slug, []).append(user)
            for n in range(1, spec.jobseekers + 1):
                user = self.user(demo_email(f"werkzoekende{n}.{spec.slug}"))
                self.member(user, organisation, Role.JOBSEEKER, by=self.coach_of(organisation))

        self.jobseekers_at_other_stages()
        return LoadSummary(
            organisations=self.created["organisations"],
            users=self.created["users"],
            memberships=self.created["memberships"],
            invitations=self.created["invitations"],
        )

    def coach_of(self, organisation: Organisation) -> User | None:
        coaches = self.coaches.get(organisation.slug)
        return coaches[0] if coaches else None

    def jobseekers_at_other_stages(self) -> None:
        # The fixed jobseeker came in through an invitation from the fixed coach.
        jobseeker = self.users[next(a.email for a in DEMO_ACCOUNTS if a.key == "jobseeker")]
        centre = self.organisations[content.FIRST_TRAINING_CENTRE]
        joined = self.memberships[(jobseeker.pk, centre.pk)].created_at
        self.invitation(
            jobseeker.email,
            jobseeker.first_name,
            centre,
            invited_by=self.coach_of(centre),
            created_at=joined - timedelta(days=2),
            accepted_at=joined,
            accepted_by=jobseeker,
        )
        # Invited, not yet accepted.
        for local_part, first_name, slug in content.PENDING_INVITATIONS:
            organisation = self.organisations[slug]
            self.invitation(
                demo_email(local_part),
                first_name,
                organisation,
                invited_by=self.coach_of(organisation),
                created_at=self.days_ago(1, 5),
            )
        # Invited, never answered, link expired.
        local_part, first_name, slug = content.EXPIRED_INVITATION
        organisation = self.organisations[slug]
        self.invitation(
            demo_email(local_part),
            first_name,
            organisation,
            invited_by=self.coach_of(organisation),
            created_at=self.days_ago(settings.INVITATION_VALID_DAYS + 5, 60),
        )
        # Left the training centre: membership ended, account kept.
        local_part, first_name, last_name, slug = content.ENDED_JOBSEEKER
        organisation = self.organisations[slug]
        user = self.user(demo_email(local_part), first_name, last_name)
        started = self.days_ago(200, 400)
        self.member(
            user,
            organisation,
            Role.JOBSEEKER,
            by=self.coach_of(organisation),
            active=False,
            created_at=started,
            ended_at=started + timedelta(days=150),
        )
        # From special secondary education to a training centre.
        local_part, first_name, last_name, school_slug, centre_slug = content.MOVED_JOBSEEKER
        user = self.user(demo_email(local_part), first_name, last_name)
        school, centre = self.organisations[school_slug], self.organisations[centre_slug]
        started = self.days_ago(400, 500)
        left = started + timedelta(days=300)
        self.member(
            user,
            school,
            Role.JOBSEEKER,
            by=self.coach_of(school),
            active=False,
            created_at=started,
            ended_at=left,
        )
        self.member(user, centre, Role.JOBSEEKER, by=self.coach_of(centre), created_at=left)


def load_small() -> LoadSummary:
    """Create (or complete) the small demo network; returns what this run added.

    Runs in one transaction, so a failure leaves the database as it was.
    """
    with transaction.atomic():
        summary = _SmallLoader().load()
        # Employers' profiles and vacancies (needs the starter taxonomy for vacancies).
        load_vacancies()
        load_demo_portfolios()
        load_demo_proposals()
        # After the portfolios: an assessment sets the staff level on a published skill.
        load_demo_trajectories()
        load_demo_social_return()
        load_demo_events()
    # The proposals' notifications are made after that commit.
    settle_demo_notifications()
    # After the history: a key's member account joined today, so it has no old notifications.
    load_demo_api_keys()
    return summary
