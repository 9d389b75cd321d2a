from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Training centres: trajectories, goals, modules, assessments, cohorts, progress reports."""

    name = "training"
    verbose_name = _("Training centres")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels
        from portal.generated_files import generated_file_register
        from portfolios.privacy import register_erasure_step, register_export_section
        from portfolios.signals import portfolio_published

        from . import (
            audit_texts,
            dashboard,  # noqa: F401 - registers the links of "My page"
        )
        from .models import ProgressReport
        from .personal_data import EXPORT_SECTIONS
        from .search_facets import register as register_search_facets
        from .search_facets import trajectory_was_changed
        from .services import on_portfolio_published, trajectories_anonymise
        from .signals import trajectory_changed
        from .tasks import render_progress_report

        generated_file_register(ProgressReport, task=render_progress_report, argument="report_id")
        for name, provider in EXPORT_SECTIONS.items():
            register_export_section(name, provider)
        register_erasure_step(trajectories_anonymise)
        portfolio_published.connect(on_portfolio_published, dispatch_uid="trajectory_staff_levels")
        register_search_facets()
        audit_texts.register()
        trajectory_changed.connect(trajectory_was_changed, dispatch_uid="trajectory_search_facet")

        register_action_labels(
            {
                "trajectory.enrol": _("enrolled you in a trajectory"),
                "trajectory.set_status": _("changed the status of your trajectory"),
                "trajectory.set_coach": _("changed the coach of your trajectory"),
                "trajectory.view": _("looked at your progress"),
                "goal.create": _("set a goal with you"),
                "goal.set_status": _("changed the status of one of your goals"),
                "goal.comment": _("commented on one of your goals"),
                "module.plan": _("planned a training module for you"),
                "module.complete": _("recorded that you completed a training module"),
                "assessment.record": _("recorded how well you do a skill"),
                "progress_report.request": _("asked for a progress report about you"),
                "progress_report.download": _("downloaded a progress report about you"),
                "progress_reports.purge_expired": _("deleted old progress reports"),
            }
        )
