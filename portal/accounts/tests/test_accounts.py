from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from tests.conftest import PASSWORD, make_user


def test_jobseeker_signs_up_with_email_and_must_verify_it(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "lisa@example.nl",
            "first_name": "Lisa",
            "password1": "een-goed-wachtwoord",
            "password2": "een-goed-wachtwoord",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="lisa@example.nl")
    assert user.first_name == "Lisa"
    assert len(mail.outbox) == 1  # the verification e-mail
    assert not user.emailaddress_set.get().verified


def test_signup_answers_a_known_address_as_a_new_one(world, db):
    def sign_up(email: str):
        return Client().post(
            reverse("account_signup"),
            {
                "email": email,
                "first_name": "Lisa",
                "password1": "een-goed-wachtwoord",
                "password2": "een-goed-wachtwoord",
            },
            follow=True,
        )

    new, known = sign_up("lisa@example.nl"), sign_up(world.recruiter.email)

    assert new.redirect_chain == known.redirect_chain
    assert new.status_code == known.status_code == 200
    assert User.objects.filter(email__iexact=world.recruiter.email).count() == 1
    # Only the owner of the known address hears that it already has an account.
    assert mail.outbox[-1].to == [world.recruiter.email]


def test_signup_with_bad_input_keeps_what_was_typed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "lisa@example.nl", "first_name": "Lisa", "password1": "kort", "password2": "x"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="lisa@example.nl"' in html
    assert 'value="Lisa"' in html
    assert not User.objects.filter(email="lisa@example.nl").exists()


def test_member_logs_in_with_email_address(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.coach.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_network_admin_lands_in_the_wagtail_admin(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.network_admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/cms/"


def test_a_next_address_still_wins_for_the_network_admin(world, client):
    response = client.post(
        reverse("account_login") + "?next=/mijn/",
        {"login": world.network_admin.email, "password": PASSWORD, "next": "/mijn/"},
    )
    assert response.url == "/mijn/"


def test_the_stored_language_wins_after_login(world, client):
    world.coach.preferred_language = "en"
    world.coach.save()
    client.cookies["django_language"] = "nl"

    response = client.post(
        reverse("account_login"), {"login": world.coach.email, "password": PASSWORD}
    )

    assert response.cookies["django_language"].value == "en"
    page = client.get(response.url)
    assert page.headers["Content-Language"] == "en"


def test_wrong_password_is_refused_with_a_message(world, client):
    response = client.post(
        reverse("account_login"), {"login": world.coach.email, "password": "fout"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_dashboard_shows_each_membership_with_its_role(world, login):
    html = login(world.coach).get(reverse("dashboard")).content.decode()
    assert 'data-role="coach"' in html
    assert "Leerwerkcentrum Oldambt" in html


def test_dashboard_needs_login(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_person_changes_name_and_language(world, login):
    client = login(world.jobseeker)
    response = client.post(
        reverse("profile"),
        {"first_name": "Sanne", "last_name": "Bakker", "preferred_language": "en"},
    )
    assert response.status_code == 302
    world.jobseeker.refresh_from_db()
    assert world.jobseeker.last_name == "Bakker"
    assert world.jobseeker.preferred_language == "en"
    assert response.cookies["django_language"].value == "en"


def test_profile_without_a_first_name_keeps_the_rest(world, login):
    client = login(world.jobseeker)
    response = client.post(
        reverse("profile"), {"first_name": "", "last_name": "Bakker", "preferred_language": "nl"}
    )
    assert response.status_code == 200
    assert 'value="Bakker"' in response.content.decode()


def test_person_sees_who_looked_at_their_data_but_not_their_own_actions(world, login):
    audit_record(actor=world.coach, action="membership.change_role", subject=world.jobseeker)
    audit_record(actor=world.jobseeker, action="user.update_profile", subject=world.jobseeker)
    client = login(world.jobseeker)
    html = client.get(reverse("data_access_log")).content.decode()
    assert "Changed your role in an organisation" in html
    assert "Anke" in html
    assert "Changed the name or language" not in html


def test_nobody_sees_someone_elses_access_log(world, login):
    audit_record(actor=world.coach, action="portfolio.view", subject=world.jobseeker)
    html = login(world.other_jobseeker).get(reverse("data_access_log")).content.decode()
    assert "portfolio.view" not in html
    assert AuditEvent.objects.count() >= 1


def test_jobseeker_who_signed_up_alone_gets_first_steps_and_coaches_near_them(world, login):
    alone = make_user("alleen@example.nl", "Ayla")
    client = login(alone)

    html = client.get(reverse("dashboard"), {"postcode": "9641 AB"}).content.decode()

    assert "Your first steps" in html
    # Without a coach, the person may share with employers alone, and is told so.
    assert "No coach? Then you can also share your portfolio with employers yourself." in html
    # Nearest first: Veendam (where the postcode is) before Winschoten; never the employer.
    assert html.index("Gemeente Veendam") < html.index("Leerwerkcentrum Oldambt")
    assert world.employer.name.replace("&", "&amp;") not in html
    assert "about 0 km from you" in html


def test_a_wrong_postcode_gets_a_message_and_stays_typed(world, login):
    client = login(make_user("alleen@example.nl", "Ayla"))

    response = client.get(reverse("dashboard"), {"postcode": "hallo"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "This is not a Dutch postcode." in html
    assert 'value="hallo"' in html
    assert "Leerwerkcentrum Oldambt" in html  # still a list, by name


def test_members_do_not_get_the_first_steps(world, login):
    html = login(world.jobseeker).get(reverse("dashboard")).content.decode()
    assert "Find a coach near you" not in html
