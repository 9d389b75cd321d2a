"""Recount the impact dashboard's monthly totals from the placements.

The totals follow every change made through the models; run this after loading placements
in bulk or with queryset updates (which send no signals), or to check nothing drifted.
Running it twice gives the same totals.
"""

from django.core.management.base import BaseCommand

from socialreturn.impact_summary import impact_summary_rebuild


class Command(BaseCommand):
    help = "Recount the impact dashboard's monthly totals from the placements."

    def handle(self, *args, **options) -> None:
        made = impact_summary_rebuild()
        if options["verbosity"]:
            self.stdout.write(f"{made} monthly totals counted.")
