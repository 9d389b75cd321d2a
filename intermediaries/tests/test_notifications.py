"""Who hears of each step of a proposal, in the portal and by e-mail."""

import pytest
from django.urls import reverse

from intermediaries.factories import PATHS, make_proposal
from intermediaries.models import ProposalState
from intermediaries.receivers import NOTIFICATION_TEXTS
from portal.notifications.models import Notification
from portal.organisations.models import Role
from portal.organisations.services import membership_create, membership_end
from tests.conftest import make_user

S = ProposalState

# (state before the step, state after it) → who is told, by the key of the kind.
CASES = [
    (None, S.PROPOSED, {"jobseeker": "jobseeker"}),
    (S.PROPOSED, S.JOBSEEKER_AGREED, {"coach": "coach", "recruiter": "employer", "boss": "employer"}),
    (S.PROPOSED, S.JOBSEEKER_DECLINED, {"coach": "coach"}),
    (S.JOBSEEKER_AGREED, S.EMPLOYER_INTERESTED, {"jobseeker": "jobseeker", "coach": "coach"}),
    (S.JOBSEEKER_AGREED, S.EMPLOYER_DECLINED, {"jobseeker": "jobseeker", "coach": "coach"}),
    (S.EMPLOYER_INTERESTED, S.INTERVIEW_PLANNED, {"jobseeker": "jobseeker", "coach": "coach"}),
    (S.INTERVIEW_PLANNED, S.PLACED, {"jobseeker": "jobseeker", "coach": "coach"}),
    (S.INTERVIEW_PLANNED, S.NOT_PLACED, {"jobseeker": "jobseeker", "coach": "coach"}),
    # The employer never heard of it: only the jobseeker is told.
    (S.PROPOSED, S.WITHDRAWN, {"jobseeker": "jobseeker"}),
    (
        S.JOBSEEKER_AGREED,
        S.WITHDRAWN,
        {"jobseeker": "jobseeker", "recruiter": "employer", "boss": "employer"},
    ),
    (S.INTERVIEW_PLANNED, S.WITHDRAWN, {"jobseeker": "jobseeker", "recruiter": "employer", "boss": "employer"}),
]  # fmt: skip


@pytest.fixture
def people(setting):
    """Everyone who could be told: the world's roles, the employer's admin, another employer."""
    world = setting.world
    boss = make_user("boss@example.nl", "Bert")
    membership_create(user=boss, organisation=world.employer, role=Role.ORGANISATION_ADMIN)
    return {
        "jobseeker": world.jobseeker,
        "other_jobseeker": world.other_jobseeker,
        "coach": world.coach,
        "other_coach": world.other_coach,
        "training_staff": world.training_staff,
        "organisation_admin": world.organisation_admin,
        "recruiter": world.recruiter,
        "network_admin": world.network_admin,
        "boss": boss,
    }


def _proposal(setting, state):
    world = setting.world
    return make_proposal(
        coach=world.coach,
        portfolio=setting.portfolio,
        vacancy=setting.vacancy,
        recruiter=world.recruiter,
        state=state,
    )


def _told(people) -> dict[str, str]:
    by_id = {user.pk: key for key, user in people.items()}
    return {
        by_id[n.recipient_id]: n.kind.rsplit(".", 1)[1]
        for n in Notification.objects.filter(kind__startswith="proposal.")
    }


@pytest.mark.parametrize(("before", "after", "expected"), CASES)
def test_each_step_tells_exactly_the_people_it_concerns(
    setting, people, before, after, expected, django_capture_on_commit_callbacks
):
    # Steps before this one run without commit callbacks, so they notify nobody.
    proposal = _proposal(setting, before) if before else None
    with django_capture_on_commit_callbacks(execute=True):
        if proposal is None:
            proposal = _proposal(setting, after)
        else:
            PATHS[after][-1](proposal, setting.world.coach, setting.world.recruiter)
    assert _told(people) == expected
    world = setting.world
    links = {
        "jobseeker": reverse("my_proposals"),
        "coach": reverse("organisation_proposals", args=[world.training_centre.slug]),
        "employer": reverse("vacancy_proposals", args=[world.employer.slug, setting.vacancy.pk]),
    }
    for notification in Notification.objects.all():
        audience = expected[_key(people, notification)]
        assert notification.kind == f"proposal.{after}.{audience}"
        assert notification.url == links[audience]
        assert notification.kind in NOTIFICATION_TEXTS
        assert notification.subject_id == proposal.pk
        assert setting.vacancy.title in notification.text


def _key(people, notification) -> str:
    return next(k for k, u in people.items() if u.pk == notification.recipient_id)


def test_employer_hears_nothing_before_the_jobseeker_agreed(
    setting, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _proposal(setting, S.PROPOSED)
        PATHS[S.JOBSEEKER_DECLINED][-1](proposal, setting.world.coach, None)
    employer_staff = [people["recruiter"].pk, people["boss"].pk]
    assert not Notification.objects.filter(recipient__in=employer_staff).exists()


def test_employer_is_never_told_the_jobseekers_name(
    setting, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _proposal(setting, S.INTERVIEW_PLANNED)
    told = Notification.objects.filter(recipient=people["recruiter"])
    assert told.exists()
    for notification in told:
        assert "person" not in notification.params
        assert setting.world.jobseeker.first_name not in notification.text


def test_coach_who_left_the_organisation_is_no_longer_told(
    setting, people, django_capture_on_commit_callbacks
):
    proposal = _proposal(setting, S.PROPOSED)
    coach = people["coach"]
    membership_end(
        membership=coach.memberships.get(organisation=setting.world.training_centre),
        by=setting.world.organisation_admin,
    )
    with django_capture_on_commit_callbacks(execute=True):
        PATHS[S.JOBSEEKER_AGREED][-1](proposal, coach, None)
    assert not Notification.objects.filter(recipient=coach).exists()
    assert Notification.objects.filter(recipient=people["recruiter"]).exists()


def test_mail_goes_out_after_commit_in_each_recipients_language(
    setting, people, mailoutbox, django_capture_on_commit_callbacks
):
    jobseeker, coach = people["jobseeker"], people["coach"]
    jobseeker.preferred_language = "en"
    jobseeker.save(update_fields=["preferred_language"])
    coach.preferred_language = "nl"
    coach.save(update_fields=["preferred_language"])
    proposal = _proposal(setting, S.JOBSEEKER_AGREED)
    with django_capture_on_commit_callbacks(execute=True):
        PATHS[S.EMPLOYER_INTERESTED][-1](proposal, coach, setting.world.recruiter)
        assert mailoutbox == []  # nothing before the commit
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {jobseeker.email, coach.email}
    assert by_address[jobseeker.email].body.startswith("Hello Sanne,")
    assert by_address[coach.email].body.startswith("Hallo Anke,")
    assert setting.vacancy.title in by_address[jobseeker.email].subject


def test_email_off_still_notifies_in_the_portal_but_sends_no_mail(
    setting, people, mailoutbox, django_capture_on_commit_callbacks
):
    jobseeker = people["jobseeker"]
    jobseeker.email_notifications = False
    jobseeker.save(update_fields=["email_notifications"])
    proposal = _proposal(setting, S.JOBSEEKER_AGREED)
    with django_capture_on_commit_callbacks(execute=True):
        PATHS[S.EMPLOYER_INTERESTED][-1](proposal, people["coach"], setting.world.recruiter)
    assert Notification.objects.filter(recipient=jobseeker).count() == 1
    assert [mail.to for mail in mailoutbox] == [[people["coach"].email]]


def test_steps_committed_together_each_tell_once(
    setting, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _proposal(setting, S.PLACED)
    kinds = Notification.objects.filter(recipient=people["jobseeker"]).values_list(
        "kind", flat=True
    )
    # Interest and interview committed together are one invitation: one message.
    assert sorted(kinds) == sorted(
        f"proposal.{state}.jobseeker" for state in (S.PROPOSED, S.INTERVIEW_PLANNED, S.PLACED)
    )


def test_interest_on_its_own_is_told_and_the_later_interview_too(
    setting, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = _proposal(setting, S.EMPLOYER_INTERESTED)
    with django_capture_on_commit_callbacks(execute=True):
        PATHS[S.INTERVIEW_PLANNED][-1](proposal, people["coach"], setting.world.recruiter)
    kinds = Notification.objects.filter(recipient=people["jobseeker"]).values_list(
        "kind", flat=True
    )
    assert sorted(kinds) == sorted(
        f"proposal.{state}.jobseeker"
        for state in (S.PROPOSED, S.EMPLOYER_INTERESTED, S.INTERVIEW_PLANNED)
    )
