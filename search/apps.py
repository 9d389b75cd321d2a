from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Matching search")

    def ready(self) -> None:
        from portal.notifications.kinds import register_notification_kinds
        from portfolios.privacy import register_export_section

        from . import (
            dashboard,  # noqa: F401 - registers the links of "My page"
            receivers,  # noqa: F401  (connects the signal receivers)
        )
        from .alerts import NOTIFICATION_TEXTS
        from .personal_data import searches_of

        register_notification_kinds(NOTIFICATION_TEXTS)
        register_export_section("searches_and_alerts", searches_of)
