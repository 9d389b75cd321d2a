"""`manage.py load_starter_taxonomy`: load the starter skills and occupations shipped with the portal."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.taxonomy.management.commands.import_esco import report_import
from portal.taxonomy.models import SOURCE_STARTER
from portal.taxonomy.services import TaxonomyImportError, taxonomy_import

STARTER_DIRECTORY = Path(__file__).resolve().parents[2] / "data" / "starter"


class Command(BaseCommand):
    help = (
        "Load the starter taxonomy (skills and occupations for the work our jobseekers do, "
        "in Dutch and English). Safe to run again: it updates, never duplicates, and replaces "
        "only what the starter itself loaded (ESCO's and staff labels stay)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        try:
            result = taxonomy_import(
                directory=STARTER_DIRECTORY,
                source=SOURCE_STARTER,
                languages=["nl", "en"],
                progress=not quiet,
            )
        except TaxonomyImportError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        report_import(self, result)
