from django.core.management.base import BaseCommand

from portal.jobs import jobs_sweep


class Command(BaseCommand):
    help = (
        "Notice background jobs whose worker died (their lease ran out): run them again, "
        "at most JOB_MAX_ATTEMPTS times, then mark them failed. Run it every minute."
    )

    def handle(self, *args, **options):
        result = jobs_sweep()
        if options["verbosity"] > 1:
            self.stdout.write(str(result))
