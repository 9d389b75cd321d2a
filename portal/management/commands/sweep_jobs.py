from django.core.management.base import BaseCommand

from portal.jobs import jobs_sweep
from portal.notifications.outbox import email_claims_purge


class Command(BaseCommand):
    help = (
        "Notice background jobs whose worker died (their lease ran out): run them again, "
        "at most JOB_MAX_ATTEMPTS times, then mark them failed; forget e-mail marks no "
        "task can need any more. Run it every minute."
    )

    def handle(self, *args, **options):
        result = jobs_sweep()
        email_claims_purge()
        if options["verbosity"] > 1:
            self.stdout.write(str(result))
