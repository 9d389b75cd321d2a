from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Matching search")

    def ready(self) -> None:
        from portal.notifications.kinds import register_notification_kinds

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .alerts import NOTIFICATION_TEXTS

        register_notification_kinds(NOTIFICATION_TEXTS)
