from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Meet & Match events")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels
        from portal.impact import register_impact_organisations, register_impact_section
        from portal.notifications.kinds import register_notification_kinds
        from portfolios.privacy import register_erasure_step, register_export_section

        from .impact import event_impact_organisations, event_impact_section
        from .personal_data import events_about
        from .services import registrations_anonymise

        register_export_section("meet_and_match_events", events_about)
        register_erasure_step(registrations_anonymise)
        register_impact_section(event_impact_section)
        register_impact_organisations(event_impact_organisations)
        register_notification_kinds(
            {
                "event.participant_left": _(
                    "Someone you would meet at %(event)s is not coming. Your schedule has"
                    " changed: look at it again."
                ),
                "event.schedule_changed": _(
                    "Your schedule for %(event)s has changed: look at it again."
                ),
                "event.coachee_schedule_changed": _(
                    "The schedule of jobseekers you coach has changed for %(event)s"
                    " (%(count)s). Look at their schedules again."
                ),
                "event.cancelled": _("%(event)s on %(date)s is cancelled. It does not take place."),
                "event.coachee_event_cancelled": _(
                    "%(event)s on %(date)s is cancelled. Jobseekers you coach were taking"
                    " part (%(count)s)."
                ),
                "event.reopened": _(
                    "%(event)s on %(date)s takes place after all. Look at your schedule"
                    " again: it may have changed."
                ),
                "event.coachee_event_reopened": _(
                    "%(event)s on %(date)s takes place after all. Jobseekers you coach take"
                    " part (%(count)s); their schedules may have changed."
                ),
            }
        )

        register_action_labels(
            {
                "event.register": _("registered you for a Meet & Match event"),
                "event.wish": _("gave a wish for you at a Meet & Match event"),
                "event.check_in": _("checked you in at a Meet & Match event"),
                "event.absent": _("marked you as not there at a Meet & Match event"),
                "event.times": _("recorded when you are there at a Meet & Match event"),
                "event.withdraw": _("took you off a Meet & Match event"),
                "event.outcome": _("recorded how a meeting at a Meet & Match event went"),
            }
        )
