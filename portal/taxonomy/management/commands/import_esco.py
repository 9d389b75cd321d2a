"""`manage.py import_esco DIR [--languages nl,en] [--quiet]`: load an ESCO CSV download."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.taxonomy.services import ImportResult, TaxonomyImportError, taxonomy_import

MAX_PROBLEMS_SHOWN = 100


def report_import(command: BaseCommand, result: ImportResult) -> None:
    """Print the skipped rows (on stderr, capped) and the summary (on stdout)."""
    for problem in result.problems[:MAX_PROBLEMS_SHOWN]:
        command.stderr.write(f"skipped {problem}")
    hidden = len(result.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        command.stderr.write(f"... and {hidden} more skipped rows.")
    command.stdout.write(command.style.SUCCESS(result.summary()))


class Command(BaseCommand):
    help = (
        "Import (or update) the skill taxonomy from an ESCO CSV download directory "
        "(skills_<lang>.csv, occupations_<lang>.csv, occupationSkillRelations_<lang>.csv, "
        "broaderRelationsSkillPillar_<lang>.csv). Idempotent; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Directory with the ESCO CSV files.")
        parser.add_argument(
            "--languages",
            default="",
            help="Comma-separated language codes, e.g. nl,en (default: every language found).",
        )
        parser.add_argument(
            "--release",
            default="",
            help="The ESCO release, e.g. 1.2.0: labels and relations are recorded as coming "
            'from "esco-1.2.0". Any ESCO release replaces what an earlier one imported.',
        )
        parser.add_argument(
            "--quiet", action="store_true", help="No progress bar; only the summary."
        )

    def handle(self, *args, **options) -> None:
        languages = [code for code in options["languages"].split(",") if code.strip()]
        quiet = options["quiet"] or options["verbosity"] == 0
        release = options["release"].strip()
        if release and not re.fullmatch(r"[0-9A-Za-z.]{1,32}", release):
            raise CommandError("--release takes a version such as 1.2.0.")
        try:
            result = taxonomy_import(
                directory=options["directory"],
                source=f"esco-{release}" if release else "esco",
                languages=languages or None,
                progress=not quiet,
            )
        except TaxonomyImportError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        report_import(self, result)
