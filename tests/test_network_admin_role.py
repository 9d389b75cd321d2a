"""The network admin is a role (the group the migrations make), not a superuser.

Members of the group on a staff account approve organisations and work in /cms/; an
ordinary user and a staff account outside the group do not; a superuser still works, for
operations. Running the network is still no reason to read anyone's portfolio.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.accounts.models import NETWORK_ADMIN_GROUP, User
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from portal.organisations.services import organisation_create
from portfolios.factories import make_portfolio
from portfolios.models import Audience
from portfolios.permissions import portfolio_permission_policy
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    return organisation_create(
        name="Bakkerij De Korrel", kind=OrganisationKind.EMPLOYER, city="Assen", postcode="9401"
    )


def _approve(client, organisation: Organisation):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "status": OrganisationStatus.APPROVED,
        "street_address": "",
        "postcode": organisation.postcode,
        "city": organisation.city,
        "email": "",
        "phone": "",
        "website": "",
    }
    return client.post(reverse("organisations:edit", args=[organisation.pk]), data)


def test_the_network_admin_is_a_group_member_and_no_superuser(world):
    admin = world.network_admin
    assert not admin.is_superuser
    assert admin.is_network_admin
    assert Group.objects.get(name=NETWORK_ADMIN_GROUP).user_set.filter(pk=admin.pk).exists()


def test_network_admin_reaches_cms_and_approves_an_organisation(world, login, pending):
    client = login(world.network_admin)
    assert client.get("/cms/").status_code == 200

    response = _approve(client, pending)

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.APPROVED
    assert pending.approved_at is not None


@pytest.mark.parametrize("who", ["ordinary", "staff_without_group"])
def test_others_cannot_reach_cms_or_approve(world, login, pending, who):
    if who == "ordinary":
        user = world.recruiter
    else:
        user = make_user("staf@example.nl", "Stef", is_staff=True)
    assert not User.objects.get(pk=user.pk).is_network_admin
    client = login(user)

    assert client.get("/cms/").status_code == 302  # to the admin's login
    _approve(client, pending)

    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.PENDING


def test_a_superuser_still_works_for_operations(login, pending):
    root = make_user("root@example.nl", "Root", is_staff=True, is_superuser=True)
    client = login(root)
    assert client.get("/cms/").status_code == 200
    _approve(client, pending)
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.APPROVED


def test_network_admin_still_cannot_read_portfolios(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.COACH_ORGANISATION, Audience.NETWORK, Audience.EMPLOYERS_NAMED),
        coach=world.coach,
    )

    assert not portfolio_permission_policy.can_view(world.network_admin, portfolio)
    response = login(world.network_admin).get(
        reverse("portfolio_detail", args=[portfolio.public_id])
    )
    assert response.status_code == 404


def test_network_admin_lands_in_the_admin_and_sees_it_on_my_page(world, login):
    page = login(world.network_admin).get(reverse("dashboard")).content.decode()
    assert 'href="/cms/"' in page
    page = login(world.recruiter).get(reverse("dashboard")).content.decode()
    assert 'href="/cms/"' not in page


# --- What the network admin may not hand out (issue 18, item 1) -----------------------------


def _refused(response) -> bool:
    """Wagtail's admin answers a refusal by going back to its dashboard with a message."""
    return response.status_code == 302 and response.url == "/cms/"


def _user_form(user: User, **changes) -> dict:
    data = {
        "email": user.email,
        "first_name": user.first_name or "Naam",
        "last_name": user.last_name or "Achternaam",
        "is_active": "on",
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


def test_network_admin_cannot_open_or_change_a_group(world, login):
    group = Group.objects.get(name=NETWORK_ADMIN_GROUP)
    client = login(world.network_admin)

    assert _refused(client.get(reverse("wagtailusers_groups:edit", args=[group.pk])))
    assert _refused(client.get(reverse("wagtailusers_groups:add")))
    response = client.post(reverse("wagtailusers_groups:edit", args=[group.pk]), {"name": "Alles"})
    assert _refused(response)
    assert Group.objects.filter(name=NETWORK_ADMIN_GROUP).exists()
    assert _refused(client.post(reverse("wagtailusers_groups:delete", args=[group.pk])))
    assert Group.objects.filter(pk=group.pk).exists()


def test_network_admin_cannot_make_anyone_a_superuser(world, login):
    client = login(world.network_admin)
    target = world.recruiter

    edit = client.get(reverse("wagtailusers_users:edit", args=[target.pk])).content.decode()
    assert 'name="is_superuser"' not in edit
    client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]), _user_form(target, is_superuser="on")
    )
    client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "nieuw@example.nl",
            "first_name": "Nieuw",
            "last_name": "Mens",
            "password1": "Een-lang-wachtwoord-2026",
            "password2": "Een-lang-wachtwoord-2026",
            "is_superuser": "on",
        },
    )
    client.post(
        reverse("wagtailusers_users:edit", args=[world.network_admin.pk]),
        _user_form(world.network_admin, is_superuser="on"),
    )

    assert not User.objects.filter(is_superuser=True).exists()
    target.refresh_from_db()
    assert target.first_name  # the edit itself went through: only the flag was left out
    assert User.objects.filter(email="nieuw@example.nl", is_superuser=False).exists()


def test_network_admin_cannot_take_over_a_superuser_account(world, login):
    root = make_user("root@example.nl", "Root", is_staff=True, is_superuser=True)
    client = login(world.network_admin)

    assert _refused(client.get(reverse("wagtailusers_users:edit", args=[root.pk])))
    response = client.post(
        reverse("wagtailusers_users:edit", args=[root.pk]),
        _user_form(
            root,
            email="mine@example.nl",
            password1="Overgenomen-2026!",
            password2="Overgenomen-2026!",
        ),
    )

    assert _refused(response)
    root.refresh_from_db()
    assert root.email == "root@example.nl"


def test_network_admin_appoints_network_admins_and_no_other_group(world, login):
    editors = Group.objects.create(name="Redactie alles")
    client = login(world.network_admin)
    target = make_user("collega@example.nl", "Collega", is_staff=True)
    network = Group.objects.get(name=NETWORK_ADMIN_GROUP)

    client.post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        _user_form(target, groups=[network.pk]),
    )
    offered = client.get(reverse("wagtailusers_users:edit", args=[target.pk])).content.decode()
    refused = client.post(
        reverse("wagtailusers_users:edit", args=[world.network_admin.pk]),
        _user_form(world.network_admin, groups=[network.pk, editors.pk]),
    )

    assert set(target.groups.all()) == {network}
    assert User.objects.get(pk=target.pk).is_network_admin
    assert editors.name not in offered
    assert refused.status_code == 200  # the form again, with the choice refused
    assert not editors.user_set.exists()


def test_a_group_the_network_admin_cannot_offer_is_kept_on_save(world, login):
    editors = Group.objects.create(name="Redactie")
    target = make_user("redacteur@example.nl", "Redacteur", is_staff=True)
    target.groups.add(editors)

    login(world.network_admin).post(
        reverse("wagtailusers_users:edit", args=[target.pk]),
        _user_form(target, first_name="Anders"),
    )

    target.refresh_from_db()
    assert target.first_name == "Anders"
    assert set(target.groups.all()) == {editors}


def test_network_admin_sees_no_portfolio_page_in_the_explorer_or_search(world, login):
    portfolio = make_portfolio(
        jobseeker=world.jobseeker,
        audiences=(Audience.COACH_ORGANISATION, Audience.NETWORK, Audience.EMPLOYERS_NAMED),
        coach=world.coach,
    )
    client = login(world.network_admin)
    index = portfolio.get_parent()

    explorer = client.get(f"/cms/pages/{index.pk}/")
    search = client.get("/cms/pages/search/", {"q": portfolio.title})
    chooser = client.get(f"/cms/choose-page/{index.pk}/")

    assert explorer.status_code in (302, 403, 404)
    assert portfolio.title not in search.content.decode()
    assert portfolio.title not in chooser.content.decode()
    assert client.get(f"/cms/pages/{portfolio.pk}/edit/").status_code in (302, 403, 404)
