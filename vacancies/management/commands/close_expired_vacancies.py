"""`manage.py close_expired_vacancies`: close open vacancies past their closing date.

Run it once a day (cron, or a scheduler that enqueues `vacancies.tasks.close_expired_vacancies`).
Lists do not wait for it: they already treat such vacancies as closed.
"""

from django.core.management.base import BaseCommand

from vacancies.services import vacancies_close_expired


class Command(BaseCommand):
    help = "Close open vacancies whose closing date has passed."

    def handle(self, *args, verbosity: int, **options) -> None:
        closed = vacancies_close_expired()
        if verbosity >= 1:
            self.stdout.write(f"{closed} vacancies closed.")
