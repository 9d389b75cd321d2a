"""`manage.py demo_data --size small|10k|100k`: a demo network to try or measure the portal.

small   the Oost-Groningen network with the fixed demo logins (what `make run` loads)
10k     small, plus generated people up to 10,000 jobseekers (bulk inserts)
100k    the same up to 100,000 jobseekers

Safe to run again: it adds only what is missing.
"""

import re
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import DEMO_LOGINS, DEMO_PASSWORD
from demo.bulk import load_bulk
from demo.small import load_small

_SIZE_RE = re.compile(r"^(\d+)(k?)$")


def parse_size(size: str) -> int | None:
    """Number of jobseekers for a --size value; None for "small".

    Besides the documented 10k and 100k, any count ("500", "25k") is accepted,
    so tests and benchmarks can run the bulk path at the size they need.
    """
    size = size.strip().lower()
    if size == "small":
        return None
    match = _SIZE_RE.match(size)
    if match is None:
        raise ValueError(size)
    count = int(match.group(1)) * (1000 if match.group(2) else 1)
    if count < 1:
        raise ValueError(size)
    return count


class Command(BaseCommand):
    help = (
        "Load demo organisations, people and the fixed demo logins. "
        "--size small (default), 10k or 100k jobseekers. Adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            default="small",
            help="small (default), 10k or 100k: how many jobseekers to load.",
        )

    def handle(self, *args, size: str, verbosity: int, **options) -> None:
        try:
            jobseekers = parse_size(size)
        except ValueError:
            raise CommandError(f"Unknown --size {size!r}: use small, 10k or 100k.") from None
        started = time.monotonic()
        small = load_small()
        if verbosity >= 1:
            self.stdout.write(
                f"Demo network: {small.organisations} organisations, {small.users} people, "
                f"{small.memberships} memberships, {small.invitations} invitations added."
            )
        if jobseekers is not None:
            bulk = load_bulk(jobseekers, progress=verbosity >= 1)
            if verbosity >= 1:
                self.stdout.write(
                    f"Bulk: {bulk.organisations} organisations, {bulk.users} people, "
                    f"{bulk.invitations} invitations, {bulk.portfolios} portfolios, "
                    f"{bulk.vacancies} vacancies, {bulk.trajectories} trajectories added. Run `manage.py search_rebuild` "
                    "to index them."
                )
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"demo_data --size {size} done in {time.monotonic() - started:.1f} s"
                )
            )
            if verbosity >= 2:
                for role, email in DEMO_LOGINS.items():
                    self.stdout.write(f"  {role:20} {email}  ({DEMO_PASSWORD})")
