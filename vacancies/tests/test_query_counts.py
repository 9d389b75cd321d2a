"""Vacancy lists make as many queries with 50 vacancies as with 1: no query per row."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vacancies.factories import VacancyFactory

MANY = 50


def _count(client, url) -> tuple[int, list[str], object]:
    client.get(url)  # warm caches (content types, site, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries], response


def _shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _assert_constant(client, url, add, rows) -> int:
    add(1)
    one, one_sql, response = _count(client, url)
    assert rows(response) == 1
    add(MANY - 1)
    many, many_sql, response = _count(client, url)
    assert rows(response) == MANY
    grown = Counter(map(_shape, many_sql)) - Counter(map(_shape, one_sql))
    assert many == one, f"{one} queries with 1 row, {many} with {MANY}: {grown.most_common(3)}"
    print(f"\n{url}: {one} queries with 1 row and with {MANY}")
    return one


@pytest.mark.parametrize("query", ["", "?status=draft"])
def test_employer_vacancy_list_queries_do_not_grow(world, taxonomy, login, query):
    client = login(world.recruiter)
    url = reverse("employer_vacancies", args=[world.employer.slug]) + query

    def add(count):
        for _ in range(count):
            VacancyFactory(
                organisation=world.employer,
                occupation=taxonomy.occupation,
                skills=[(taxonomy.forklift, True, 3), (taxonomy.dutch, False, 1)],
            )

    queries = _assert_constant(client, url, add, lambda r: len(r.context["page"].object_list))
    assert queries <= 12, queries


@pytest.mark.parametrize("role", ["coach", "jobseeker"])
def test_network_vacancy_list_queries_do_not_grow(world, taxonomy, login, role):
    client = login(world.user(role))
    url = reverse("vacancy_list")

    def add(count):
        for _ in range(count):
            VacancyFactory(
                organisation=world.employer,
                occupation=taxonomy.occupation,
                open=True,
                show_to_jobseekers=True,
                skills=[taxonomy.forklift],
            )

    queries = _assert_constant(
        client, url + "?pagina=1", add, lambda r: r.context["page"].paginator.count
    )
    assert queries <= 12, queries
