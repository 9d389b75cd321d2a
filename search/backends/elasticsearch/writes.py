"""Writing to the engine: live updates, bulk loading, and the rebuild behind the aliases.

Every write carries an external version (nanoseconds since the epoch, taken once the
database has been read), so a rebuild batch read before a live update or deletion
cannot overwrite it in the new index: the engine keeps the higher version, deletions
included (a tombstone outlives a rebuild batch by far: `index.gc_deletes`, 60 s).

A rebuild creates new timestamped indices, adds them to the write alias (live updates
then go to old and new), bulk-loads them, and swaps both aliases in one atomic call;
searches read the old index until then. Only one rebuild runs at a time: a second
one, whose swap would delete the first's new indices, is refused with `RebuildRunning`.

Engine errors are raised as they come; the backend turns them into `SearchUnavailable`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import streaming_bulk

from ...documents import PortfolioIndexDocument, VacancyIndexDocument
from ..base import RebuildReport, RebuildRunning
from .indices import IndexKind, portfolio_source, vacancy_source

BULK_CHUNK = 1000
# A newer write already stored (409), or a deletion of what is not there (404).
IGNORED_WRITE_STATUS = (404, 409)
# A rebuild whose new indices are younger than this and not yet searched is still running.
REBUILD_RUNNING_FOR = 60 * 60


def write(
    client: Elasticsearch, *, kind: IndexKind, items: list[tuple[int, dict[str, Any] | None]]
) -> None:
    """Index (source) or delete (None) in every index the write alias points at.

    During a rebuild that is the old and the new index, so neither loses the update.
    Refreshed at once: a withdrawn consent must stop matching now, not in a second.
    """
    version = _version()
    indices = _write_indices(client, kind)
    actions = [_action(index, pk, source, version) for index in indices for pk, source in items]
    _bulk(client, actions, refresh=True)


def rebuild(
    client: Elasticsearch,
    *,
    portfolio_kind: IndexKind,
    vacancy_kind: IndexKind,
    portfolios: Iterable[Sequence[PortfolioIndexDocument]],
    vacancies: Iterable[Sequence[VacancyIndexDocument]],
) -> RebuildReport:
    """Load new indices of both kinds from these batches, then swap the aliases to them."""
    started = time.perf_counter()
    kinds = (portfolio_kind, vacancy_kind)
    new = {kind.base: kind.new_index_name() for kind in kinds}
    try:
        for kind in kinds:
            # No refresh while loading: one at the end is much cheaper.
            kind.index(new[kind.base], refresh_interval="-1").create(using=client)
        _refuse_when_running(client, kinds, new)
        # From now on live updates reach the new indices as well as the old.
        client.indices.update_aliases(
            actions=[
                {"add": {"index": new[kind.base], "alias": kind.write_alias}} for kind in kinds
            ]
        )
        portfolio_count = _load(
            client,
            new[portfolio_kind.base],
            portfolios,
            lambda d: (d.portfolio_id, portfolio_source(d)),
        )
        vacancy_count = _load(
            client,
            new[vacancy_kind.base],
            vacancies,
            lambda d: (d.vacancy_id, vacancy_source(d)),
        )
        for kind in kinds:
            client.indices.put_settings(
                index=new[kind.base], settings={"index": {"refresh_interval": None}}
            )
        client.indices.refresh(index=list(new.values()))
        old = _swap(client, kinds, new)
    except BaseException:
        # Leave no half-built index behind in the write alias.
        with suppress(ApiError, TransportError):
            client.indices.delete(index=list(new.values()), ignore_unavailable=True)
        raise
    if old:
        client.indices.delete(index=old, ignore_unavailable=True)
    return RebuildReport(
        portfolios=portfolio_count,
        vacancies=vacancy_count,
        seconds=time.perf_counter() - started,
    )


def reset(client: Elasticsearch, kinds: Sequence[IndexKind]) -> None:
    """Delete every index of these kinds."""
    for kind in kinds:
        # By name: Elasticsearch 8 refuses to delete indices by wildcard.
        names = sorted(kind.indices(client))
        if names:
            client.indices.delete(index=names, ignore_unavailable=True)


def _version() -> int:
    return time.time_ns()


def _write_indices(client: Elasticsearch, kind: IndexKind) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=kind.write_alias))
    except NotFoundError:
        pass
    # First write ever (or after reset): create the index with both aliases in one
    # request, so a concurrent first write finds it complete or creates the same name.
    index = kind.index(kind.first_index_name)
    index.aliases(**{kind.read_alias: {}, kind.write_alias: {}})
    try:
        index.create(using=client)
    except ApiError as error:
        if error.meta.status != 400 or "already_exists" not in str(error):
            raise
    return sorted(client.indices.get_alias(name=kind.write_alias))


def _bulk(client: Elasticsearch, actions: Iterable[dict[str, Any]], **kwargs: Any) -> int:
    """Send actions in chunks; a newer version already stored is not an error."""
    done = 0
    for ok, _item in streaming_bulk(
        client,
        actions,
        chunk_size=BULK_CHUNK,
        ignore_status=IGNORED_WRITE_STATUS,
        **kwargs,
    ):
        done += ok
    return done


def _load(
    client: Elasticsearch,
    index: str,
    batches: Iterable[Sequence[Any]],
    source: Callable[[Any], tuple[int, dict[str, Any]]],
) -> int:
    def actions() -> Iterator[dict[str, Any]]:
        iterator = iter(batches)
        while True:
            # The version is taken before the batch is read from the database: an
            # update committed while it is read carries a higher one and wins.
            version = _version()
            batch = next(iterator, None)
            if batch is None:
                return
            for document in batch:
                pk, body = source(document)
                yield _action(index, pk, body, version)

    return _bulk(client, actions())


def _refuse_when_running(
    client: Elasticsearch, kinds: Sequence[IndexKind], new: dict[str, str]
) -> None:
    """Refuse when an older rebuild is still loading: its swap would delete ours, or ours its.

    Checked once our own indices exist, so of two rebuilds started together the
    younger one refuses. A loading index is one not searched yet (no read alias);
    one older than REBUILD_RUNNING_FOR belongs to a rebuild that died and is deleted
    by the next swap.
    """
    since = datetime.now(UTC) - timedelta(seconds=REBUILD_RUNNING_FOR)
    for kind in kinds:
        for index, aliases in kind.indices(client).items():
            started = kind.started(index)
            if (
                kind.read_alias not in aliases
                and started is not None
                and since < started
                and index < new[kind.base]
            ):
                raise RebuildRunning(
                    f"A search rebuild is already running (since {started:%H:%M:%S} UTC, "
                    f"index {index}); try again when it is done."
                )


def _swap(client: Elasticsearch, kinds: Sequence[IndexKind], new: dict[str, str]) -> list[str]:
    """Point both aliases of every kind at its new index, all in one atomic call."""
    actions: list[dict[str, Any]] = []
    old = []
    for kind in kinds:
        for index, aliases in kind.indices(client).items():
            if index == new[kind.base]:
                continue
            old.append(index)
            actions += [
                {"remove": {"index": index, "alias": alias}}
                for alias in sorted(aliases & {kind.read_alias, kind.write_alias})
            ]
        actions.append({"add": {"index": new[kind.base], "alias": kind.read_alias}})
    client.indices.update_aliases(actions=actions)
    return old


def _action(index: str, pk: int, source: dict[str, Any] | None, version: int) -> dict[str, Any]:
    action: dict[str, Any] = {
        "_index": index,
        "_id": str(pk),
        "version": version,
        "version_type": "external",
    }
    if source is None:
        action["_op_type"] = "delete"
    else:
        action["_source"] = source
    return action
