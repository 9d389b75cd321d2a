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
