"""Daily: remind suppliers of social-return reports that are due, and coaches of follow-ups."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from socialreturn.services import follow_up_reminders_send, obligation_reminders_send


class Command(BaseCommand):
    help = "Remind suppliers of reports due within two weeks and coaches of 6/12-month follow-ups."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        reports = obligation_reminders_send(today=today)
        follow_ups = follow_up_reminders_send(today=today)
        if options["verbosity"]:
            self.stdout.write(f"report reminders: {reports}, follow-up reminders: {follow_ups}")
