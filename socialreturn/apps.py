from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialReturnConfig(AppConfig):
    name = "socialreturn"
    verbose_name = _("Social return and impact")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

        from intermediaries.models import Placement
        from portal.audit.labels import register_action_labels
        from portal.generated_files import generated_file_register
        from portal.notifications.kinds import register_notification_kinds
        from portfolios.privacy import register_erasure_step

        from . import (
            dashboard,  # noqa: F401 - registers the links of "My page"
            receivers,
        )
        from .models import (
            AnonymousPlacement,
            ImpactReport,
            ObligationReport,
            PlacementExport,
            PlacementFollowUp,
        )
        from .services import NOTIFICATION_TEXTS, placements_anonymise
        from .tasks import build_placement_export, render_impact_report, render_obligation_report

        register_erasure_step(placements_anonymise)
        register_notification_kinds(NOTIFICATION_TEXTS)
        generated_file_register(ImpactReport, task=render_impact_report, argument="report_id")
        generated_file_register(
            ObligationReport, task=render_obligation_report, argument="report_id"
        )
        generated_file_register(PlacementExport, task=build_placement_export, argument="export_id")
        register_action_labels(
            {
                "impact_report.request": _("asked for an impact report"),
                "impact_report.download": _("downloaded an impact report"),
                "obligation_report.request": _("asked for an obligation's progress as a PDF"),
                "obligation_report.download": _("downloaded an obligation's progress as a PDF"),
                "placement_export.request": _("asked for every placement as an Excel file"),
                "placement_export.download": _("downloaded every placement as an Excel file"),
            }
        )
        for n, (signal, model, receiver) in enumerate(
            (
                (pre_save, Placement, receivers.placement_will_change),
                (pre_delete, Placement, receivers.placement_will_change),
                (post_save, Placement, receivers.placement_saved),
                (post_delete, Placement, receivers.placement_deleted),
                (post_save, PlacementFollowUp, receivers.follow_up_changed),
                (post_delete, PlacementFollowUp, receivers.follow_up_changed),
                (post_save, AnonymousPlacement, receivers.anonymous_placement_changed),
                (post_delete, AnonymousPlacement, receivers.anonymous_placement_changed),
            )
        ):
            signal.connect(receiver, sender=model, dispatch_uid=f"impact_summary_{n}")
