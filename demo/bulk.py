"""Large demo loads: 10k or 100k jobseekers, for benchmarks and for trying lists at scale.

Built on top of the small network (`demo.small`), with bulk inserts in
batches instead of the per-object services: one password hash for everyone,
and the guardian object permissions of each role (`ROLE_ACTIONS`) written
straight into the direct foreign-key table. `bulk_create_members` grants exactly
what `membership_create` grants; a test holds the two paths to that.

Every generated jobseeker also gets a portfolio at some stage
(`demo.bulk_portfolios`, Wagtail pages written in bulk), and the
generated employers get open vacancies (`demo.bulk_vacancies`), and a third
of the jobseekers of training centres a trajectory (`demo.bulk_trajectories`).

Bulk rows get no audit events (they record nothing anybody did) and send no
signals, so anything that listens to signals (e.g. a search index) is rebuilt
by its own command afterwards (`manage.py search_rebuild`).

Idempotent like the small load: every generated row has a stable key (slug or
e-mail address under BULK_EMAIL_DOMAIN, numbered), and a run creates only the
keys that are missing, so `--size 10k` twice adds nothing and `--size 100k`
after `--size 10k` adds the other 90k.
"""

import bisect
import itertools
import math
import random
import secrets
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from tqdm import tqdm

from portal import geo
from portal.accounts.factories import hash_invitation_token, hashed_password
from portal.accounts.models import Invitation, User
from portal.organisations.factories import POSTCODE_LETTERS, phone_number
from portal.organisations.models import (
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    OrganisationUserObjectPermission,
    Role,
)
from portal.organisations.permissions import ROLE_ACTIONS

from . import BULK_EMAIL_DOMAIN, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, content
from .bulk_portfolios import bulk_create_portfolios, jobseekers_without_portfolio
from .bulk_trajectories import bulk_create_trajectories
from .bulk_vacancies import bulk_create_vacancies, vacancy_target

# Rows per INSERT: large enough to keep round trips few, small enough to keep
# each statement's memory modest. Django lowers it further where SQLite needs.
BATCH_SIZE = 2000
SEED = 2026

# Caseload and staffing ratios for the generated people.
JOBSEEKERS_PER_COACH = 40
JOBSEEKERS_PER_TRAINING_STAFF = 250
JOBSEEKERS_PER_EXTRA_INTERMEDIARY = 1000
JOBSEEKERS_PER_EXTRA_EMPLOYER = 100
ENDED_SHARE = 0.05  # memberships that ended (found work, moved, stopped)
INVITATIONS_PER_JOBSEEKERS = 50  # one open invitation per this many jobseekers
# The hand-made Oost-Groningen organisations carry more people than generated ones.
HOME_REGION_WEIGHT = 3


@dataclass(frozen=True)
class NewMember:
    """A person to create with their membership; `ended_at` set means it already ended."""

    email: str
    first_name: str
    last_name: str
    organisation_id: int
    role: str
    joined: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class BulkSummary:
    """What one bulk run added."""

    organisations: int
    users: int
    invitations: int
    portfolios: int
    vacancies: int
    trajectories: int


def bulk_email(local_part: str) -> str:
    return f"{local_part}@{BULK_EMAIL_DOMAIN}"


def role_permissions() -> dict[str, list[Permission]]:
    """The auth Permission rows behind each role's actions on organisations (ROLE_ACTIONS)."""
    content_type = ContentType.objects.get_for_model(Organisation)
    codenames = {action for actions in ROLE_ACTIONS.values() for action in actions}
    by_codename = {
        p.codename: p
        for p in Permission.objects.filter(content_type=content_type, codename__in=codenames)
    }
    return {role: [by_codename[a] for a in actions] for role, actions in ROLE_ACTIONS.items()}


def bulk_create_members(
    members: Sequence[NewMember],
    *,
    password_hash: str,
    permissions: dict[str, list[Permission]] | None = None,
) -> list[Membership]:
    """Create users, their verified addresses, memberships and role permissions in bulk.

    Grants what `membership_create` grants: the role's ROLE_ACTIONS on the
    organisation for an active membership, nothing for an ended one. Use it
    inside a transaction; it writes a handful of multi-row INSERTs per batch.
    """
    if permissions is None:
        permissions = role_permissions()
    users = User.objects.bulk_create(
        [
            User(
                email=m.email,
                first_name=m.first_name,
                last_name=m.last_name,
                password=password_hash,
                date_joined=m.joined,
            )
            for m in members
        ],
        batch_size=BATCH_SIZE,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH_SIZE,
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation_id=m.organisation_id,
                role=m.role,
                is_active=m.ended_at is None,
                created_at=m.joined,
                ended_at=m.ended_at,
            )
            for user, m in zip(users, members, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    OrganisationUserObjectPermission.objects.bulk_create(
        [
            OrganisationUserObjectPermission(
                user_id=membership.user_id,
                content_object_id=membership.organisation_id,
                permission=permission,
            )
            for membership in memberships
            if membership.is_active
            for permission in permissions[membership.role]
        ],
        batch_size=BATCH_SIZE,
    )
    return memberships


class _BulkLoader:
    def __init__(self, jobseekers: int, *, progress: bool) -> None:
        self.target = jobseekers
        self.progress = progress
        self.now = timezone.now()
        self.rng = random.Random(SEED)
        fake = Faker("nl_NL")
        fake.seed_instance(SEED)
        # Pools of names drawn once: Faker per row would dominate the run time.
        self.first_names = sorted({fake.first_name() for _ in range(1500)})
        self.last_names = sorted({fake.last_name() for _ in range(1500)})
        self.password = hashed_password(DEMO_PASSWORD)
        self.permissions = role_permissions()
        self.extra_slugs: list[str] = []
        self.existing_emails = set(
            User.objects.filter(email__endswith="@" + BULK_EMAIL_DOMAIN).values_list(
                "email", flat=True
            )
        )

    def days_ago(self, low: int, high: int) -> datetime:
        return self.now - timedelta(
            days=self.rng.randint(low, high), minutes=self.rng.randint(0, 600)
        )

    def person(self, email: str, organisation_id: int, role: str, ended: bool = False) -> NewMember:
        joined = self.days_ago(10, 720)
        ended_at = None
        if ended:
            ended_at = min(self.now, joined + timedelta(days=self.rng.randint(30, 300)))
        return NewMember(
            email=email,
            first_name=self.rng.choice(self.first_names),
            last_name=self.rng.choice(self.last_names),
            organisation_id=organisation_id,
            role=role,
            joined=joined,
            ended_at=ended_at,
        )

    # --- organisations ---------------------------------------------------

    def extra_organisation_specs(self) -> list[tuple[str, str, str, geo.Place, str, str]]:
        """(slug, name, kind, place, status, sector) of the generated organisations for this size.

        `sector` is the demo content's sector word for employers, "" for intermediaries.
        """
        places = geo.all_places()
        # One postcode area per place name, so names do not repeat within a place.
        by_name = {p.place: p for p in reversed(places)}
        unique_places = [by_name[name] for name in sorted(by_name)]
        specs = []
        wanted = (
            (
                content.BULK_INTERMEDIARY_NAMES,
                self.target // JOBSEEKERS_PER_EXTRA_INTERMEDIARY,
                False,
            ),
            (content.BULK_EMPLOYER_NAMES, self.target // JOBSEEKERS_PER_EXTRA_EMPLOYER, True),
        )
        for templates, count, employer in wanted:
            combos = list(itertools.product(unique_places, templates))
            # Spread over the country, the same order on every run and at every
            # size, so the n-th generated organisation is always the same one.
            random.Random(SEED).shuffle(combos)
            for i in range(count):
                place, (template, kind_or_sector) = combos[i % len(combos)]
                name = template.format(place=place.place)
                if i >= len(combos):
                    name += f" {i // len(combos) + 1}"
                kind = OrganisationKind.EMPLOYER if employer else kind_or_sector
                status = OrganisationStatus.APPROVED
                if employer and i % 20 == 3:
                    status = OrganisationStatus.PENDING
                elif employer and i % 50 == 11:
                    status = OrganisationStatus.REJECTED
                sector = kind_or_sector if employer else ""
                specs.append((slugify(name), name, kind, place, status, sector))
        return specs

    def ensure_organisations(self) -> int:
        specs = self.extra_organisation_specs()
        existing = set(
            Organisation.objects.filter(slug__in=[s[0] for s in specs]).values_list(
                "slug", flat=True
            )
        )
        new = []
        for slug, name, kind, place, status, _sector in specs:
            if slug in existing:
                continue
            created_at = self.days_ago(100, 900)
            new.append(
                Organisation(
                    slug=slug,
                    name=name,
                    kind=kind,
                    status=status,
                    street_address=f"Industrieweg {self.rng.randint(1, 120)}",
                    postcode=f"{place.postcode} {self.rng.choice(POSTCODE_LETTERS)}",
                    city=place.place,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    email=bulk_email(f"info.{slug}"),
                    phone=phone_number(self.rng),
                    created_at=created_at,
                    approved_at=(
                        created_at + timedelta(days=2)
                        if status == OrganisationStatus.APPROVED
                        else None
                    ),
                )
            )
        Organisation.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.extra_slugs = [s[0] for s in specs]
        self.sectors = {s[0]: s[5] for s in specs if s[5]}
        return len(new)

    # --- people ----------------------------------------------------------

    def staff(self) -> list[NewMember]:
        """Admins and recruiters of generated organisations; coaches and training staff."""
        extra = list(Organisation.objects.filter(slug__in=self.extra_slugs).order_by("slug"))
        people = []
        for organisation in extra:
            email = bulk_email(f"beheerder.{organisation.slug}")
            people.append(self.person(email, organisation.pk, Role.ORGANISATION_ADMIN))
            if organisation.kind == OrganisationKind.EMPLOYER and organisation.is_approved:
                email = bulk_email(f"recruiter.{organisation.slug}")
                people.append(self.person(email, organisation.pk, Role.RECRUITER))
        intermediaries = self.intermediaries()
        centres = [o for o in intermediaries if o.kind == OrganisationKind.TRAINING_CENTRE]
        for n in range(math.ceil(self.target / JOBSEEKERS_PER_COACH)):
            organisation = intermediaries[n % len(intermediaries)]
            people.append(self.person(bulk_email(f"coach{n:05d}"), organisation.pk, Role.COACH))
        for n in range(self.target // JOBSEEKERS_PER_TRAINING_STAFF):
            organisation = centres[n % len(centres)]
            email = bulk_email(f"opleider{n:05d}")
            people.append(self.person(email, organisation.pk, Role.TRAINING_STAFF))
        return [p for p in people if p.email not in self.existing_emails]

    def intermediaries(self) -> list[Organisation]:
        if not hasattr(self, "_intermediaries"):
            self._intermediaries = list(
                Organisation.objects.filter(
                    kind__in=INTERMEDIARY_KINDS - {OrganisationKind.SOCIAL_ENTERPRISE},
                    status=OrganisationStatus.APPROVED,
                ).order_by("slug")
            )
        return self._intermediaries

    def jobseekers(self) -> Iterator[NewMember]:
        """The jobseekers still missing to reach the target, spread over the intermediaries."""
        have = Membership.objects.filter(role=Role.JOBSEEKER).values("user_id").distinct().count()
        missing = max(0, self.target - have)
        intermediaries = self.intermediaries()
        home = {s.slug for s in content.ORGANISATIONS}
        weights = [HOME_REGION_WEIGHT if o.slug in home else 1 for o in intermediaries]
        cumulative = list(itertools.accumulate(weights))
        n = 0
        while missing:
            email = bulk_email(f"werkzoekende{n:06d}")
            n += 1
            if email in self.existing_emails:
                continue
            pick = self.rng.random() * cumulative[-1]
            organisation = intermediaries[bisect.bisect_right(cumulative, pick)]
            ended = self.rng.random() < ENDED_SHARE
            yield self.person(email, organisation.pk, Role.JOBSEEKER, ended=ended)
            missing -= 1

    def invitations(self) -> list[Invitation]:
        """Open invitations from coaches to people who have not answered yet."""
        wanted = {
            bulk_email(f"uitgenodigd{n:06d}")
            for n in range(self.target // INVITATIONS_PER_JOBSEEKERS)
        }
        wanted -= set(Invitation.objects.filter(email__in=wanted).values_list("email", flat=True))
        coach_of = dict(
            Membership.objects.active()
            .filter(role=Role.COACH)
            .order_by("organisation_id", "-pk")
            .values_list("organisation_id", "user_id")
        )
        intermediaries = [o for o in self.intermediaries() if o.pk in coach_of]
        invitations = []
        for email in sorted(wanted):
            organisation = self.rng.choice(intermediaries)
            created_at = self.days_ago(0, 10)
            invitations.append(
                Invitation(
                    email=email,
                    first_name=self.rng.choice(self.first_names),
                    organisation=organisation,
                    role=Role.JOBSEEKER,
                    # A token nobody knows: the link exists only as a state to show.
                    token_hash=hash_invitation_token(secrets.token_urlsafe(32)),
                    invited_by_id=coach_of[organisation.pk],
                    created_at=created_at,
                    expires_at=created_at + timedelta(days=settings.INVITATION_VALID_DAYS),
                )
            )
        return invitations

    def load(self) -> BulkSummary:
        with transaction.atomic():
            organisations = self.ensure_organisations()
        staff = self.staff()
        have = Membership.objects.filter(role=Role.JOBSEEKER).values("user_id").distinct().count()
        total = len(staff) + max(0, self.target - have)
        users = 0
        with tqdm(
            total=total,
            desc="demo_data",
            unit=" people",
            file=sys.stderr,
            disable=not self.progress or total == 0,
        ) as bar:
            # Staff first: the invitations below need coaches to come from.
            for batch in itertools.chain(
                _batched(staff, BATCH_SIZE), _batched(self.jobseekers(), BATCH_SIZE)
            ):
                # One transaction per batch: an interrupted run keeps whole
                # batches only, and the next run fills in the rest.
                with transaction.atomic():
                    bulk_create_members(
                        batch, password_hash=self.password, permissions=self.permissions
                    )
                users += len(batch)
                bar.update(len(batch))
        invitations = self.invitations()
        with transaction.atomic():
            Invitation.objects.bulk_create(invitations, batch_size=BATCH_SIZE)
        return BulkSummary(
            organisations=organisations,
            users=users,
            invitations=len(invitations),
            portfolios=self.portfolios(),
            vacancies=self.vacancies(),
            # After the portfolios: assessments set the staff level of portfolio skills.
            trajectories=bulk_create_trajectories(
                rng=random.Random(SEED + 3), now=self.now, batch_size=BATCH_SIZE
            ),
        )

    def portfolios(self) -> int:
        people = jobseekers_without_portfolio()
        with tqdm(
            total=len(people),
            desc="portfolios",
            unit=" portfolios",
            file=sys.stderr,
            disable=not self.progress or not people,
        ) as bar:
            return bulk_create_portfolios(
                people,
                rng=random.Random(SEED + 1),
                now=self.now,
                batch_size=BATCH_SIZE,
                progress=bar.update,
            )

    def vacancies(self) -> int:
        """Open vacancies at the approved generated employers, round-robin in their order."""
        employers = Organisation.objects.in_bulk(self.sectors, field_name="slug")
        ordered = [
            (employers[slug], sector)
            for slug, sector in self.sectors.items()
            if slug in employers and employers[slug].is_approved
        ]
        return bulk_create_vacancies(
            ordered, target=vacancy_target(self.target), rng=random.Random(SEED + 2), now=self.now
        )


def _batched(items, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def load_bulk(jobseekers: int, *, progress: bool = False) -> BulkSummary:
    """Top the database up to `jobseekers` jobseekers, with staff and employers to match.

    Expects the small network (`load_small`) to be there: its organisations get
    most of the generated people. Shows a progress bar on stderr when `progress`.
    """
    if not User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).exists():
        raise RuntimeError("Load the small demo network first (demo.small.load_small).")
    summary = _BulkLoader(jobseekers, progress=progress).load()
    # Bulk writes leave the planner's statistics describing nearly empty tables until
    # autovacuum gets round to them; the first searches would then pick nested loops
    # over 100k rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return summary
