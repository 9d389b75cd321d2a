from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialReturnConfig(AppConfig):
    name = "socialreturn"
    verbose_name = _("Social return and impact")

    def ready(self) -> None:
        from portal.notifications.kinds import register_notification_kinds
        from portfolios.privacy import register_erasure_step

        from .services import NOTIFICATION_TEXTS, placements_anonymise

        register_erasure_step(placements_anonymise)
        register_notification_kinds(NOTIFICATION_TEXTS)
