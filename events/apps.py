from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Meet & Match events")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels
        from portfolios.privacy import register_erasure_step, register_export_section

        from .personal_data import events_about
        from .services import registrations_anonymise

        register_export_section("meet_and_match_events", events_about)
        register_erasure_step(registrations_anonymise)

        register_action_labels(
            {
                "event.register": _("registered you for a Meet & Match event"),
                "event.wish": _("gave a wish for you at a Meet & Match event"),
                "event.check_in": _("checked you in at a Meet & Match event"),
                "event.absent": _("marked you as not there at a Meet & Match event"),
                "event.outcome": _("recorded how a meeting at a Meet & Match event went"),
            }
        )
