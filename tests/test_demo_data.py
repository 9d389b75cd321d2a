"""`manage.py demo_data`: the fixed demo logins, idempotence, and permissions on both paths."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from demo import (
    BULK_EMAIL_DOMAIN,
    DEMO_ACCOUNTS,
    DEMO_EMAIL_DOMAIN,
    DEMO_EMPLOYER,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    FIRST_TRAINING_CENTRE,
)
from demo.bulk import NewMember, bulk_create_members
from demo.bulk_vacancies import vacancy_target
from demo.content import TRAINING_CENTRES
from demo.management.commands.demo_data import parse_size
from demo.proposals import READ_AFTER_DAYS, settle_demo_notifications
from demo.socialreturn import WERKBEDRIJF
from intermediaries.models import (
    ContractType,
    Placement,
    Proposal,
    ProposalEvent,
    ProposalState,
    TargetGroup,
)
from intermediaries.selectors import proposals_for_jobseeker, proposals_for_vacancy
from portal import geo
from portal.accounts.factories import (
    TEST_PASSWORD,
    InvitationFactory,
    UserFactory,
    hashed_password,
)
from portal.accounts.models import Invitation, User
from portal.audit.models import AuditEvent
from portal.geo import places_in
from portal.notifications.models import Notification
from portal.organisations.factories import MembershipFactory, OrganisationFactory
from portal.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    OrganisationUserObjectPermission,
    Role,
)
from portal.organisations.permissions import (
    INVITE_JOBSEEKERS,
    MANAGE_MEMBERS,
    VIEW_MEMBERS,
    organisation_permission_policy,
)
from portal.organisations.services import membership_create
from portfolios.models import PortfolioPage, PortfolioSkill
from portfolios.services import portfolio_index, portfolio_publish
from search.builders import portfolio_documents
from training.models import (
    DevelopmentGoal,
    GoalComment,
    GoalStatus,
    ModuleStatus,
    SkillAssessment,
    TrainingModule,
    Trajectory,
    TrajectoryStatus,
)
from training.selectors import person_timeline
from vacancies.models import Vacancy, VacancyStatus

OOST_GRONINGEN = (
    "Oldambt",
    "Pekela",
    "Stadskanaal",
    "Veendam",
    "Westerwolde",
    "Midden-Groningen",
    "Eemsdelta",
)
policy = organisation_permission_policy


def load(size: str = "small") -> None:
    call_command("demo_data", size=size, verbosity=0)


def user(key: str) -> User:
    return User.objects.get(email=DEMO_LOGINS[key])


def active_membership(key: str) -> Membership:
    return Membership.objects.active().select_related("organisation").get(user=user(key))


def table_counts() -> dict[str, int]:
    models = (
        User,
        EmailAddress,
        Organisation,
        Membership,
        Invitation,
        OrganisationUserObjectPermission,
        AuditEvent,
        Proposal,
        ProposalEvent,
        Placement,
        Notification,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_small_demo_creates_every_fixed_login_with_its_role():
    load()
    assert set(DEMO_LOGINS) == {a.key for a in DEMO_ACCOUNTS}
    for account in DEMO_ACCOUNTS:
        person = User.objects.get(email=account.email)
        assert person.check_password(DEMO_PASSWORD), account.key
        assert person.is_active
        assert EmailAddress.objects.filter(
            user=person, email=account.email, verified=True, primary=True
        ).exists(), account.key
        if account.role:
            membership = Membership.objects.active().get(user=person)
            assert (membership.role, membership.organisation.slug) == (
                account.role,
                account.organisation_slug,
            )
            assert membership.organisation.is_approved
            assert not person.is_staff and not person.is_superuser

    admin = user("network_admin")
    assert not admin.is_superuser and admin.is_staff and admin.is_network_admin
    centre = active_membership("jobseeker").organisation
    assert centre.kind == OrganisationKind.TRAINING_CENTRE
    for key in ("coach", "training_staff", "organisation_admin"):
        assert active_membership(key).organisation == centre, key
    municipality = active_membership("coach2").organisation
    assert municipality.kind == OrganisationKind.MUNICIPALITY
    assert active_membership("jobseeker2").organisation.kind == OrganisationKind.MUNICIPALITY
    employer = active_membership("recruiter").organisation
    assert employer.kind == OrganisationKind.EMPLOYER and employer.is_approved
    assert employer.city == "Groningen"


@pytest.mark.django_db
def test_demo_logins_log_in_under_mandatory_email_verification(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    load()
    for key, email in DEMO_LOGINS.items():
        client.logout()
        client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert client.session.get("_auth_user_id") == str(user(key).pk), key


@pytest.mark.django_db
def test_small_demo_is_the_oost_groningen_network():
    load()
    organisations = Organisation.objects.all()
    centres = organisations.filter(kind=OrganisationKind.TRAINING_CENTRE)
    assert centres.count() == len(TRAINING_CENTRES) == 5
    assert len({c.city for c in centres}) == 5, "training centres share a place"
    oost_groningen_places = {p.place for m in OOST_GRONINGEN for p in places_in(municipality=m)}
    assert {c.city for c in centres} <= oost_groningen_places
    assert set(
        organisations.filter(kind=OrganisationKind.MUNICIPALITY).values_list("name", flat=True)
    ) == {f"Gemeente {m}" for m in OOST_GRONINGEN}
    # Werkbedrijf Ommelanden, and in Den Bosch the social-return demo's (demo.socialreturn).
    assert organisations.filter(kind=OrganisationKind.SHELTERED_WORK).count() == 2
    assert organisations.filter(kind=OrganisationKind.SCHOOL).count() == 2
    assert organisations.filter(kind=OrganisationKind.BENEFITS_AGENCY).count() == 1
    employers = organisations.filter(kind=OrganisationKind.EMPLOYER)
    assert {"Groningen", "'s-Hertogenbosch", "Haarlem"} <= set(
        employers.values_list("city", flat=True)
    )
    assert employers.filter(status=OrganisationStatus.PENDING).count() >= 2
    assert employers.filter(status=OrganisationStatus.REJECTED).count() == 1
    for organisation in organisations:
        assert organisation.latitude and organisation.longitude, organisation
        assert organisation.postcode[:4].isdigit(), organisation
    # "A few hundred rows at most", so `make run` stays quick.
    assert User.objects.count() < 300


@pytest.mark.django_db
def test_small_demo_has_jobseekers_at_every_stage():
    load()
    pending = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    usable = [i for i in pending if i.is_usable]
    assert usable, "no jobseeker invited and still to accept"
    for invitation in usable:
        assert invitation.role == Role.JOBSEEKER
        assert invitation.invited_by is not None
        assert not User.objects.filter(email=invitation.email).exists()
    assert any(i.is_expired for i in pending)
    accepted = Invitation.objects.get(email=DEMO_LOGINS["jobseeker"])
    assert accepted.accepted_by == user("jobseeker")

    jobseekers = Membership.objects.filter(role=Role.JOBSEEKER)
    for kind in (
        OrganisationKind.TRAINING_CENTRE,
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.SCHOOL,
        OrganisationKind.SHELTERED_WORK,
    ):
        assert jobseekers.active().filter(organisation__kind=kind).exists(), kind
    ended = jobseekers.filter(is_active=False)
    assert ended.exists()
    assert all(m.ended_at is not None for m in ended)
    for membership in ended:
        assert not policy.user_has_permission_for_instance(
            membership.user, VIEW_MEMBERS, membership.organisation
        )


@pytest.mark.django_db
def test_small_demo_portfolios_have_the_coordinates_of_their_postcode():
    """Distance matching skips a portfolio without coordinates; the demo sets them as the editor."""
    load()
    published = PortfolioPage.objects.live().exclude(postcode="")
    assert published.count() >= 4
    for page in published:
        place = geo.locate(page.postcode)
        assert (page.latitude, page.longitude) == (place.latitude, place.longitude), page.postcode


@pytest.mark.django_db
def test_running_small_twice_adds_nothing():
    load()
    first = table_counts()
    load()
    assert table_counts() == first


@pytest.mark.django_db
def test_small_demo_has_proposal_history_the_demo_logins_see_and_adds_none_when_run_again(
    django_capture_on_commit_callbacks,
):
    call_command("load_starter_taxonomy", "--quiet")
    with django_capture_on_commit_callbacks(execute=True):
        load()
    proposals = Proposal.objects.all()
    assert set(proposals.values_list("state", flat=True)) == set(ProposalState.values)
    placements = Placement.objects.all()
    assert set(placements.values_list("contract_type", flat=True)) == set(ContractType.values)
    groups = set(placements.values_list("target_group", flat=True))
    assert groups == {*TargetGroup.values, None}  # one still waits for the coach
    # Spread over the last 18 months (the Den Bosch social-return history over two
    # years), each step after the one before.
    now = timezone.now()
    groningen = proposals.exclude(organisation__slug=WERKBEDRIJF)
    created = sorted(groningen.values_list("created_at", flat=True))
    assert now - timedelta(days=550) < created[0] < now - timedelta(days=480)
    assert created[-1] > now - timedelta(days=7)
    for proposal in proposals.prefetch_related("events"):
        times = [event.created_at for event in proposal.events.all()]
        assert times == sorted(times) and times[-1] == proposal.state_changed_at
    starts = sorted(placements.values_list("start_date", flat=True))
    assert starts[-1] - starts[0] > timedelta(days=365)
    # A placed candidate had the interview before starting, not days from now.
    for placement in placements.select_related("proposal"):
        assert placement.proposal.interview_at.date() < placement.start_date, placement.proposal_id

    jobseeker = user("jobseeker")
    assert proposals_for_jobseeker(jobseeker=jobseeker).filter(state=ProposalState.PROPOSED)
    recruiter = user("recruiter")
    inbox = [
        row
        for vacancy in Vacancy.objects.filter(organisation__slug=DEMO_EMPLOYER)
        for row in proposals_for_vacancy(vacancy=vacancy, viewer=recruiter)
    ]
    assert len(inbox) >= 3
    assert Notification.objects.filter(recipient=jobseeker, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=user("coach")).exists()

    settle_demo_notifications()
    old = Notification.objects.filter(created_at__lt=now - timedelta(days=READ_AFTER_DAYS))
    assert old.exists() and not old.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()
    # Steps of placements that started months ago (the social-return history included)
    # are old news: `make run` must not mail them.
    placed_long_ago = Placement.objects.filter(
        start_date__lt=(now - timedelta(days=60)).date()
    ).values_list("proposal_id", flat=True)
    assert placed_long_ago.count() > 20
    assert not Notification.objects.filter(
        kind__startswith="proposal.", subject_id__in=list(placed_long_ago), read_at__isnull=True
    ).exists()

    first = table_counts()
    with django_capture_on_commit_callbacks(execute=True):
        load()
    assert table_counts() == first


@pytest.mark.django_db
def test_rerun_repairs_a_demo_login_someone_changed():
    load()
    coach = user("coach")
    coach.set_password("iets-anders")
    coach.save()
    load()
    assert user("coach").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_organisation_admin_manages_members_and_the_other_coach_does_not():
    load()
    centre = Organisation.objects.get(slug=FIRST_TRAINING_CENTRE)
    admin, coach, other_coach = user("organisation_admin"), user("coach"), user("coach2")
    assert policy.user_has_permission_for_instance(admin, MANAGE_MEMBERS, centre)
    assert not policy.user_has_permission_for_instance(other_coach, MANAGE_MEMBERS, centre)
    assert not policy.user_has_permission_for_instance(other_coach, VIEW_MEMBERS, centre)
    # Their own coach may invite and see members, not manage them.
    assert policy.user_has_permission_for_instance(coach, INVITE_JOBSEEKERS, centre)
    assert not policy.user_has_permission_for_instance(coach, MANAGE_MEMBERS, centre)
    municipality = active_membership("coach2").organisation
    assert policy.user_has_permission_for_instance(other_coach, INVITE_JOBSEEKERS, municipality)
    assert not policy.user_has_permission_for_instance(admin, MANAGE_MEMBERS, municipality)
    for key in ("jobseeker", "recruiter", "training_staff"):
        assert not policy.user_has_permission_for_instance(user(key), MANAGE_MEMBERS, centre), key


def _granted(organisation: Organisation) -> set[tuple[str, str]]:
    return set(
        OrganisationUserObjectPermission.objects.filter(content_object=organisation).values_list(
            "user__email", "permission__codename"
        )
    )


@pytest.mark.django_db
def test_bulk_path_grants_the_same_permissions_as_the_service_path():
    centre = OrganisationFactory(kind=OrganisationKind.TRAINING_CENTRE)
    employer = OrganisationFactory(kind=OrganisationKind.EMPLOYER)
    roles = {
        centre: [Role.ORGANISATION_ADMIN, Role.COACH, Role.TRAINING_STAFF, Role.JOBSEEKER],
        employer: [Role.ORGANISATION_ADMIN, Role.RECRUITER],
    }
    members = [
        NewMember(
            email=f"bulk{n}@{DEMO_EMAIL_DOMAIN}",
            first_name="Bulk",
            last_name=str(n),
            organisation_id=organisation.pk,
            role=roles[organisation][n // 2 % len(roles[organisation])],
            joined=organisation.created_at,
            # The last few have ended: they must hold nothing.
            ended_at=organisation.created_at if n >= 42 else None,
        )
        for n in range(50)
        for organisation in [centre if n % 2 else employer]
    ]
    bulk_create_members(members, password_hash=hashed_password("x"))
    by_bulk = {org: _granted(org) for org in (centre, employer)}
    assert by_bulk[centre] and by_bulk[employer]

    # Now let the production service grant each membership afresh and compare.
    for membership in Membership.objects.select_related("user", "organisation"):
        if membership.is_active:
            membership_create(
                user=membership.user, organisation=membership.organisation, role=membership.role
            )
        else:
            assert not _granted_to(membership)
    assert {org: _granted(org) for org in (centre, employer)} == by_bulk

    admin = Membership.objects.filter(
        organisation=centre, role=Role.ORGANISATION_ADMIN, is_active=True
    ).first()
    assert policy.user_has_permission_for_instance(admin.user, MANAGE_MEMBERS, centre)
    assert not policy.user_has_permission_for_instance(admin.user, MANAGE_MEMBERS, employer)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 50


def _granted_to(membership: Membership) -> bool:
    return OrganisationUserObjectPermission.objects.filter(
        user=membership.user, content_object=membership.organisation
    ).exists()


@pytest.mark.django_db
def test_bulk_size_tops_up_to_the_target_and_adds_nothing_when_run_again():
    load("300")
    jobseekers = Membership.objects.filter(role=Role.JOBSEEKER).values("user").distinct()
    assert jobseekers.count() == 300
    first = table_counts()
    load("300")
    assert table_counts() == first

    bulk_coach = Membership.objects.get(user__email__startswith="coach00000@")
    assert policy.user_has_permission_for_instance(
        bulk_coach.user, INVITE_JOBSEEKERS, bulk_coach.organisation
    )
    assert not policy.user_has_permission_for_instance(
        bulk_coach.user, MANAGE_MEMBERS, bulk_coach.organisation
    )
    bulk_admin = Membership.objects.filter(
        user__email__startswith="beheerder.", user__email__contains="@bulk."
    ).first()
    assert policy.user_has_permission_for_instance(
        bulk_admin.user, MANAGE_MEMBERS, bulk_admin.organisation
    )
    assert bulk_coach.user.check_password(DEMO_PASSWORD)
    assert Invitation.objects.filter(email__contains="@bulk.").exists()

    load("400")
    assert jobseekers.count() == 400


@pytest.mark.parametrize(
    ("size", "expected"),
    [("small", None), ("10k", 10_000), ("100k", 100_000), ("250", 250), (" 25K ", 25_000)],
)
def test_parse_size(size, expected):
    assert parse_size(size) == expected


@pytest.mark.parametrize("size", ["huge", "0", "-5", "10m", ""])
def test_unknown_size_is_refused(size):
    with pytest.raises(CommandError):
        call_command("demo_data", size=size, verbosity=0)


# --- the factories the demo is built on ---------------------------------------


@pytest.mark.django_db
def test_user_factory_makes_dutch_users_with_the_test_password():
    first, second = UserFactory(), UserFactory(verified_email=True)
    assert first.email != second.email
    assert first.first_name and first.last_name
    assert first.check_password(TEST_PASSWORD)
    assert not EmailAddress.objects.filter(user=first).exists()
    assert EmailAddress.objects.filter(user=second, verified=True, primary=True).exists()
    assert UserFactory(raw_password="anders-1234").check_password("anders-1234")


@pytest.mark.django_db
def test_organisation_factory_places_the_organisation_with_portal_geo():
    organisation = OrganisationFactory(pc4="9671")
    assert organisation.is_approved and organisation.approved_at is not None
    assert organisation.postcode.startswith("9671 ")
    assert (organisation.city, organisation.latitude, organisation.longitude) == (
        "Winschoten",
        53.144,
        7.035,
    )
    pending = OrganisationFactory(pending=True, kind=OrganisationKind.EMPLOYER)
    assert pending.status == OrganisationStatus.PENDING and pending.approved_at is None
    assert OrganisationFactory().slug != OrganisationFactory().slug


@pytest.mark.django_db
def test_membership_factory_grants_permissions_through_the_service():
    coach = MembershipFactory(role=Role.COACH)
    assert policy.user_has_permission_for_instance(
        coach.user, INVITE_JOBSEEKERS, coach.organisation
    )
    assert not policy.user_has_permission_for_instance(
        coach.user, MANAGE_MEMBERS, coach.organisation
    )
    assert AuditEvent.objects.filter(action="membership.create", subject=coach.user).exists()
    ended = MembershipFactory(role=Role.COACH, ended=True)
    assert not ended.is_active and ended.ended_at is not None
    assert not policy.user_has_permission_for_instance(ended.user, VIEW_MEMBERS, ended.organisation)
    assert MembershipFactory(organisation=OrganisationFactory(kind="employer")).role == (
        Role.RECRUITER
    )


@pytest.mark.django_db
def test_invitation_factory_token_is_accepted_by_the_invitation_service():
    # Imported here: the invitation services are a sibling feature of the factories.
    from portal.organisations.services import invitation_accept

    invitation = InvitationFactory(token="geheim-token", email="nieuw@voorbeeld.nl")
    assert invitation.is_usable
    membership = invitation_accept(
        token="geheim-token", first_name="Nina", password="Lang-genoeg-2026"
    )
    assert membership.user.email == "nieuw@voorbeeld.nl"
    assert membership.organisation == invitation.organisation
    assert not InvitationFactory(expired=True).is_usable
    assert not InvitationFactory(revoked=True).is_usable
    accepted = InvitationFactory(accepted=True)
    assert not accepted.is_usable and accepted.accepted_by.email == accepted.email


@pytest.mark.django_db
def test_bulk_portfolios_are_proper_wagtail_pages_at_every_stage(client):
    call_command("load_starter_taxonomy", "--quiet")
    load("300")
    bulk = PortfolioPage.objects.filter(jobseeker__email__endswith="@" + BULK_EMAIL_DOMAIN)
    generated = User.objects.filter(email__startswith="werkzoekende", email__contains="@bulk.")
    assert bulk.count() == generated.count() > 200

    assert Page.find_problems() == ([], [], [], [], [])
    index = portfolio_index()
    index.refresh_from_db()
    assert index.numchild == index.get_children().count() == PortfolioPage.objects.count()
    assert Page.objects.get(pk=bulk.first().pk).specific.jobseeker_id == bulk.first().jobseeker_id

    published = bulk.filter(live=True).select_related("consent")
    drafts = bulk.filter(live=False, has_unpublished_changes=True)
    assert 0.55 < published.count() / bulk.count() < 0.85
    assert published.filter(consent__coach_organisation=True).exists()
    assert published.filter(consent__network=True).exists()
    assert published.filter(
        consent__employers_anonymous=True, consent__coach_approves_employers=True
    ).exists()
    assert published.filter(consent__coach_organisation=False, consent__network=False).exists()
    for page in published[:20]:
        assert page.live_revision_id == page.latest_revision_id is not None
        assert 8 <= page.skills.count() <= 18
        assert page.occupations.exists() and page.languages.exists()
        assert geo.locate(page.postcode) is not None and page.latitude is not None
        assert page.max_travel_km in (5, 10, 15, 20, 25, 30, 40, 50)
        assert page.latest_revision.as_object().headline == page.headline != ""
    # A half-done draft: its content is in the revision only, as after the editor.
    draft = next(d for d in drafts if d.get_latest_revision_as_object().headline)
    assert draft.headline == "" and not draft.skills.exists()
    assert draft.get_latest_revision_as_object().skills.count() >= 2
    assert bulk.filter(live=False, latest_revision__content__headline="").exists()  # empty

    # The owner opens their own draft; another jobseeker does not reach a published one.
    client.force_login(draft.jobseeker)
    response = client.get(reverse("portfolio_edit_preview", args=["coach"]))
    assert response.status_code == 200
    assert draft.get_latest_revision_as_object().headline in response.text
    shared = published.filter(consent__coach_organisation=True).first()
    assert client.get(reverse("portfolio_detail", args=[shared.public_id])).status_code == 404
    client.force_login(shared.jobseeker)
    assert client.get(reverse("portfolio_edit_preview", args=["coach"])).status_code == 200
    # Publishing the bulk draft goes through Wagtail like any other.
    portfolio_publish(portfolio=draft, by=draft.jobseeker)
    assert PortfolioPage.objects.get(pk=draft.pk).skills.count() >= 2

    documents = portfolio_documents(list(published.values_list("pk", flat=True)))
    # Sharing with the coach's organisation reaches nobody while that organisation is pending.
    visible = published.filter(
        Q(
            consent__coach_organisation=True,
            jobseeker__memberships__role=Role.JOBSEEKER,
            jobseeker__memberships__is_active=True,
            jobseeker__memberships__organisation__status=OrganisationStatus.APPROVED,
        )
        | Q(consent__network=True)
        | Q(
            Q(consent__employers_anonymous=True) | Q(consent__employers_named=True),
            consent__coach_approves_employers=True,
        )
    )
    assert set(documents) == set(visible.distinct().values_list("pk", flat=True))
    assert all(doc.skills and doc.municipality and doc.tokens for doc in documents.values())


@pytest.mark.django_db
def test_bulk_load_opens_vacancies_with_skills_and_adds_nothing_when_run_again():
    call_command("load_starter_taxonomy", "--quiet")
    load("1000")
    generated = Vacancy.objects.filter(organisation__email__endswith="@" + BULK_EMAIL_DOMAIN)
    assert generated.count() == vacancy_target(1000) == 30
    assert generated.filter(status=VacancyStatus.OPEN).count() >= 25
    for vacancy in generated.prefetch_related("skills"):
        assert vacancy.organisation.is_approved
        assert 3 <= len(vacancy.skills.all()) <= 8
        assert geo.locate(vacancy.postcode) is not None and vacancy.latitude is not None
        assert vacancy.hours_min <= vacancy.hours_max
    counts = (PortfolioPage.objects.count(), Vacancy.objects.count(), Revision.objects.count())
    load("1000")
    assert (
        PortfolioPage.objects.count(),
        Vacancy.objects.count(),
        Revision.objects.count(),
    ) == counts


# --- trajectories at the training centres --------------------------------------


def trajectory_counts() -> dict[str, int]:
    models = (Trajectory, DevelopmentGoal, GoalComment, TrainingModule, SkillAssessment, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_small_demo_gives_every_training_centre_trajectories_over_18_months_and_adds_none_again():
    call_command("load_starter_taxonomy", "--quiet")
    load()
    today = timezone.localdate()
    trajectories = Trajectory.objects.select_related("organisation")
    for spec in TRAINING_CENTRES:
        at_centre = trajectories.filter(organisation__slug=spec.slug)
        assert at_centre.count() >= spec.jobseekers, spec.slug
        assert len(set(at_centre.values_list("status", flat=True))) >= 4, spec.slug
        assert DevelopmentGoal.objects.filter(trajectory__in=at_centre).exists(), spec.slug
        assert TrainingModule.objects.filter(trajectory__in=at_centre).exists(), spec.slug
        assert SkillAssessment.objects.filter(organisation__slug=spec.slug).exists(), spec.slug
    assert set(trajectories.values_list("status", flat=True)) == set(TrajectoryStatus.values)
    starts = sorted(trajectories.values_list("start_date", flat=True))
    assert today - timedelta(days=550) <= starts[0] < today - timedelta(days=365)
    assert starts[-1] > today - timedelta(days=30)
    for trajectory in trajectories.filter(status=TrajectoryStatus.ENDED):
        assert trajectory.ended_reason and trajectory.ended_at.date() > trajectory.start_date
        # Nothing happened in it after it ended.
        assert not trajectory.goals.filter(created_at__gt=trajectory.ended_at).exists()
        assert not trajectory.goals.filter(status=GoalStatus.OPEN).exists()
    # A few people started again at the same centre after an earlier trajectory ended.
    again = trajectories.values("jobseeker", "organisation").annotate(n=Count("pk"))
    assert again.filter(n__gt=1).exists()
    assert (
        not trajectories.exclude(status=TrajectoryStatus.ENDED)
        .values("jobseeker", "organisation")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    goals = DevelopmentGoal.objects.all()
    assert set(goals.values_list("status", flat=True)) == set(GoalStatus.values)
    assert goals.filter(concept__isnull=False, target_level__isnull=False).count() > 40
    comments = GoalComment.objects.select_related("goal__trajectory")
    assert any(c.author_id == c.goal.trajectory.jobseeker_id for c in comments)
    assert any(c.author_id != c.goal.trajectory.jobseeker_id for c in comments)
    assert {"VCA Basis", "Hygiënecode horeca", "Taal op de werkvloer"} & set(
        TrainingModule.objects.values_list("name", flat=True)
    )
    # Dated back: an enrolment was recorded on the day the trajectory started.
    first = trajectories.order_by("start_date").first()
    enrolled = AuditEvent.objects.get(action="trajectory.enrol", object_id=str(first.pk))
    assert enrolled.created_at.date() == first.start_date == first.created_at.date()
    assert not AuditEvent.objects.filter(created_at__gt=timezone.now()).exists()

    counts = trajectory_counts()
    load()
    assert trajectory_counts() == counts


@pytest.mark.django_db
def test_demo_jobseeker_has_a_running_trajectory_with_a_rising_skill_line():
    call_command("load_starter_taxonomy", "--quiet")
    load()
    sanne = user("jobseeker")
    trajectory = Trajectory.objects.get(jobseeker=sanne)
    assert trajectory.organisation.slug == FIRST_TRAINING_CENTRE
    assert trajectory.status not in (TrajectoryStatus.ENDED, TrajectoryStatus.INTAKE)
    assert trajectory.coach == user("coach")
    statuses = set(trajectory.goals.values_list("status", flat=True))
    assert {GoalStatus.REACHED, GoalStatus.OPEN} <= statuses
    modules = set(trajectory.modules.values_list("status", flat=True))
    assert modules == {ModuleStatus.COMPLETED, ModuleStatus.PLANNED}
    assessments = SkillAssessment.objects.filter(jobseeker=sanne).order_by("assessed_on", "pk")
    assert len({a.assessed_on for a in assessments}) >= 4
    assert {a.assessed_by for a in assessments} == {user("training_staff")}
    lines: dict[int, list[int]] = {}
    for assessment in assessments:
        lines.setdefault(assessment.concept_id, []).append(assessment.level)
    rising = [levels for levels in lines.values() if len(levels) >= 3]
    assert rising and all(levels == sorted(levels) for levels in rising)
    assert any(levels[-1] > levels[0] for levels in rising)
    # The published portfolio holds the newest assessment beside her own level.
    portfolio = PortfolioPage.objects.get(jobseeker=sanne)
    assessed = {s.concept_id: s for s in portfolio.skills.all() if s.concept_id in lines}
    assert len(assessed) >= 2
    for concept_id, skill in assessed.items():
        assert skill.staff_level == lines[concept_id][-1]
    assert any(skill.staff_level != skill.level for skill in assessed.values())
    # Her coach's centre sees the whole story; a municipality coach sees none of it.
    timeline = person_timeline(jobseeker=sanne, viewer=user("training_staff"))
    assert len(timeline.goals) >= 2 and timeline.modules and len(timeline.assessments) >= 4
    assert not person_timeline(jobseeker=sanne, viewer=user("coach2")).goals


@pytest.mark.django_db
def test_bulk_trajectories_have_statuses_that_fit_their_age_and_the_portfolio_staff_levels():
    call_command("load_starter_taxonomy", "--quiet")
    load("600")
    today = timezone.localdate()
    bulk = Trajectory.objects.filter(jobseeker__email__endswith="@" + BULK_EMAIL_DOMAIN)
    at_centres = Membership.objects.active().filter(
        role=Role.JOBSEEKER,
        organisation__kind=OrganisationKind.TRAINING_CENTRE,
        user__email__endswith="@" + BULK_EMAIL_DOMAIN,
    )
    assert 0.2 < bulk.count() / at_centres.count() < 0.5
    assert not bulk.exclude(organisation__kind=OrganisationKind.TRAINING_CENTRE).exists()
    assert len(set(bulk.values_list("status", flat=True))) >= 4
    for trajectory in bulk.annotate(
        goal_count=Count("goals", distinct=True), module_count=Count("modules", distinct=True)
    ):
        assert (trajectory.status == TrajectoryStatus.ENDED) == bool(trajectory.ended_reason)
        assert (trajectory.status == TrajectoryStatus.ENDED) == (trajectory.ended_at is not None)
        assert today - timedelta(days=540) <= trajectory.start_date <= today
        age = (today - trajectory.start_date).days
        if trajectory.status == TrajectoryStatus.INTAKE:
            assert age < 28
        if trajectory.status in (TrajectoryStatus.JOB_HUNTING, TrajectoryStatus.PLACED):
            assert age > 80
        assert 2 <= trajectory.goal_count <= 4 and trajectory.module_count <= 3
    running = bulk.exclude(status=TrajectoryStatus.ENDED)
    assert not running.values("jobseeker", "organisation").annotate(n=Count("pk")).filter(n__gt=1)
    assert SkillAssessment.objects.filter(jobseeker__trajectories__in=bulk).exists()
    # Search reads the staff level: it is the newest assessment's, in the table and revision.
    newest = SkillAssessment.objects.filter(
        jobseeker=OuterRef("page__jobseeker"), concept=OuterRef("concept")
    ).order_by("-assessed_on", "-pk")
    assessed = (
        PortfolioSkill.objects.filter(page__live=True, page__jobseeker__trajectories__in=bulk)
        .annotate(newest=Subquery(newest.values("level")[:1]))
        .exclude(newest=None)
        .select_related("page__latest_revision")
    )
    assert assessed.exists()
    for skill in assessed:
        assert skill.staff_level == skill.newest
        rows = skill.page.latest_revision.content["skills"]
        assert {r["concept"]: r["staff_level"] for r in rows}[skill.concept_id] == skill.newest

    counts = trajectory_counts()
    load("600")
    assert trajectory_counts() == counts


@pytest.mark.django_db
def test_small_demo_has_an_upcoming_and_a_past_event_and_adds_none_when_run_again(
    django_capture_on_commit_callbacks,
):
    from events.models import Event, Meeting

    call_command("load_starter_taxonomy", "--quiet")
    with django_capture_on_commit_callbacks(execute=True):
        load()
    coming, past = Event.objects.order_by("-date")
    assert coming.date > timezone.localdate() > past.date
    assert coming.meetings.exists() and coming.current_slot == 0
    assert past.current_slot == past.rounds
    assert Proposal.objects.filter(source="event", source_id=past.pk).exists()
    meetings = Meeting.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        load()
    assert (Event.objects.count(), Meeting.objects.count()) == (2, meetings)
