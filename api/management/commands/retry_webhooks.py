from django.core.management.base import BaseCommand

from api.webhooks import webhooks_retry_due


class Command(BaseCommand):
    help = "Queue webhook deliveries whose next try is due (every minute, from the scheduler)."

    def handle(self, *args, **options) -> None:
        count = webhooks_retry_due()
        if options["verbosity"] > 1:
            self.stdout.write(f"{count} webhook deliveries queued again")
