"""Issue 19, item 8: limits that fit the users.

A classroom logs in from one school address; guessing is stopped per account; the
429 and 500 pages speak the portal's languages in its style; the password hasher's
cost is the measured one.
"""

import pytest
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

SCHOOL = "145.1.2.3"


@pytest.fixture(autouse=True)
def fresh_budgets():
    # allauth keeps its counters in the cache; every test starts with full budgets.
    cache.clear()
    yield
    cache.clear()


def _login(email: str, password: str = PASSWORD, *, address: str = SCHOOL, **extra):
    client = Client(REMOTE_ADDR=address, **extra)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return client, response


@pytest.mark.django_db
def test_a_class_of_forty_logs_in_from_one_school_address_within_a_minute():
    pupils = [make_user(f"leerling{n}@school.example", f"Leerling{n}") for n in range(40)]

    statuses = [_login(pupil.email)[1].status_code for pupil in pupils]

    assert 429 not in statuses
    assert statuses == [302] * 40


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_is_stopped():
    target = make_user("doelwit@example.nl", "Doelwit")
    for n in range(20):
        _, response = _login(target.email, "wrong-guess", address=f"10.0.{n}.1")
        assert response.status_code == 200

    # The 21st try, even with the right password and from yet another address, is refused.
    client, response = _login(target.email, address="10.9.9.9")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_typos_in_a_classroom_do_not_lock_out_the_others():
    pupils = [make_user(f"typo{n}@school.example", f"Typo{n}") for n in range(30)]
    for pupil in pupils:  # everyone mistypes twice first
        _login(pupil.email, "oeps")
        _login(pupil.email, "oeps2")

    statuses = [_login(pupil.email)[1].status_code for pupil in pupils]

    assert statuses == [302] * 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "Te veel verzoeken"), ("en", "Too many requests")],
)
def test_the_429_page_is_the_portals_own_in_dutch_and_english(settings, language, expected):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    person = make_user("iemand@example.nl", "Iemand")
    cookies = {"HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}={language}"}

    for _ in range(2):
        _login(person.email, "fout", **cookies)
    _, response = _login(person.email, **cookies)

    assert response.status_code == 429
    html = response.content.decode()
    assert expected in html
    assert "site-header" in html and "css/theme.css" in html  # the portal's layout
    assert "Too Many Requests</title>" not in html


def test_the_500_page_is_in_the_portals_style_in_dutch_and_english():
    html = render_to_string("500.html")  # as Django renders it: no request, no context

    assert "css/theme.css" in html and "site-header" in html
    assert "Er ging iets mis" in html and "Something went wrong" in html
    assert "Wat je al had opgeslagen" in html  # "je", as to every jobseeker


def test_logins_hash_with_the_measured_argon2_costs(settings):
    from portal.settings import base

    assert base.PASSWORD_HASHERS[0] == "portal.accounts.hashers.TunedArgon2PasswordHasher"
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    encoded = make_password("een lang wachtwoord")

    assert encoded.startswith("argon2$argon2id$")
    assert (
        f"m={base.ARGON2_MEMORY_COST_KIB},t={base.ARGON2_TIME_COST},p={base.ARGON2_PARALLELISM}"
        in (encoded)
    )
    # A password saved with Django's former default still works and is rehashed.
    old = get_hasher("pbkdf2_sha256").encode("een lang wachtwoord", "zoutzoutzout", 1_000_000)
    upgraded = []
    assert check_password("een lang wachtwoord", old, setter=upgraded.append)
    assert upgraded == ["een lang wachtwoord"]
