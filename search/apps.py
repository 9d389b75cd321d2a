from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Matching search")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
