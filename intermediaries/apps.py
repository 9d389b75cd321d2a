from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntermediariesConfig(AppConfig):
    name = "intermediaries"
    verbose_name = _("Intermediaries")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels
        from portal.generated_files import generated_file_register
        from portal.notifications.kinds import register_notification_kinds
        from portfolios.privacy import register_erasure_step, register_export_section
        from portfolios.signals import portfolio_published
        from search.extensions import register_result_actions

        from . import (
            audit_texts,
            dashboard,  # noqa: F401 - registers the links of "My page"
            vacancy_columns,
        )
        from .models import ProgressReport
        from .personal_data import EXPORT_SECTIONS
        from .propose_views import propose_actions
        from .receivers import NOTIFICATION_TEXTS, notify_about_proposal
        from .search_facets import register as register_search_facets
        from .search_facets import trajectory_was_changed
        from .signals import proposal_changed, trajectory_changed
        from .tasks import render_progress_report
        from .trajectory_services import on_portfolio_published, trajectories_anonymise

        generated_file_register(ProgressReport, task=render_progress_report, argument="report_id")
        proposal_changed.connect(notify_about_proposal, dispatch_uid="proposal_notifications")
        register_notification_kinds(NOTIFICATION_TEXTS)
        for name, provider in EXPORT_SECTIONS.items():
            register_export_section(name, provider)
        register_erasure_step(trajectories_anonymise)
        portfolio_published.connect(on_portfolio_published, dispatch_uid="trajectory_staff_levels")
        register_search_facets()
        register_result_actions(propose_actions)
        audit_texts.register()
        vacancy_columns.register()
        trajectory_changed.connect(trajectory_was_changed, dispatch_uid="trajectory_search_facet")

        register_action_labels(
            {
                "proposal.create": _("proposed you for a vacancy"),
                "proposal.jobseeker_agree": _("said yes to a proposal"),
                "proposal.jobseeker_decline": _("said no to a proposal"),
                "proposal.employer_interested": _("wants to meet you for a vacancy"),
                "proposal.employer_decline": _("said no to a proposal for a vacancy"),
                "proposal.plan_interview": _("planned a job interview"),
                "proposal.mark_placed": _("recorded that you got the job"),
                "proposal.mark_not_placed": _("recorded that you did not get the job"),
                "proposal.withdraw": _("withdrew a proposal"),
                "placement.target_group": _("recorded the target group of a placement"),
                "caseload.assign": _("made a coach your coach"),
                "caseload.hand_over": _("handed you over to another coach"),
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
