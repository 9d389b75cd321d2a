"""`search.indexing.rebuild` while searches run: no error, and always a whole index, old or new."""

import threading

import pytest
from django.db import connections

from portfolios.models import PortfolioConsent, PortfolioSkill
from search.indexing import rebuild

from .conftest import concept

# Real commits and other connections: the rebuild and the searches run in their own threads.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REBUILDS = 3


def test_searches_during_a_rebuild_see_the_old_or_the_new_index_whole(contract, world):
    picking, forklift = concept("Orderpicken"), concept("Heftruck rijden")
    anna, bram, cees, dirk = (
        contract.person(name, skills={picking: level, forklift: 3})
        for name, level in (("Anna", 4), ("Bram", 1), ("Cees", 2), ("Dirk", 3))
    )
    vacancy = contract.vacancy(needs=[(picking, True, 2), (forklift, False, 3)])
    spec = contract.spec(world.coach, vacancy)

    def result() -> tuple[list[tuple[int, float]], int]:
        page = contract.backend.candidates(spec)
        return [(hit.id, hit.score) for hit in page.hits], page.total

    # Equal scores: the most recently published first.
    old = ([(dirk.pk, 13), (cees.pk, 13), (anna.pk, 13), (bram.pk, 7)], 4)
    assert result() == old
    # The database changes behind the index's back (no signals): only a rebuild shows it.
    PortfolioConsent.objects.filter(portfolio=dirk).update(coach_organisation=False)
    PortfolioSkill.objects.filter(page=bram, concept=picking).update(staff_level=2)
    new = ([(cees.pk, 13), (bram.pk, 13), (anna.pk, 13)], 3)

    seen: list[tuple] = []
    errors: list[BaseException] = []
    rebuilding = threading.Event()
    done = threading.Event()

    def rebuild_repeatedly() -> None:
        try:
            rebuilding.set()
            for _ in range(REBUILDS):
                rebuild(contract.backend)
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            done.set()
            connections.close_all()

    def search_until_done() -> None:
        try:
            rebuilding.wait()
            # Until a search that started after the last rebuild ended.
            finished = False
            while not finished:
                finished = done.is_set()
                seen.append(result())
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    # Daemons, so a hung rebuild fails this test instead of hanging the run.
    threads = [
        threading.Thread(target=search_until_done, daemon=True),
        threading.Thread(target=rebuild_repeatedly, daemon=True),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "the rebuild did not finish"
    assert not errors, errors
    assert [r for r in seen if r not in (old, new)] == []
    assert result() == new
