from django.core.management.base import BaseCommand

from portal.pages.services import site_pages_ensure


class Command(BaseCommand):
    help = "Create the home page and the about, privacy and accessibility pages if missing."

    def handle(self, *args, **options):
        home = site_pages_ensure()
        self.stdout.write(f"Site pages ready under {home.url_path}")
