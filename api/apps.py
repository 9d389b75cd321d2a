from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels

        register_action_labels(
            {
                "api_key.create": _("made an API key"),
                "api_key.revoke": _("revoked an API key"),
            }
        )
