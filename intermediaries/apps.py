from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntermediariesConfig(AppConfig):
    name = "intermediaries"
    verbose_name = _("Intermediaries")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels
        from portal.notifications.kinds import register_notification_kinds
        from portfolios.privacy import register_export_section
        from search.extensions import register_result_actions

        from . import (
            audit_texts,
            dashboard,  # noqa: F401 - registers the links of "My page"
            vacancy_columns,
        )
        from .personal_data import EXPORT_SECTIONS
        from .propose_views import propose_actions
        from .receivers import NOTIFICATION_TEXTS, notify_about_proposal
        from .search_facets import register as register_search_facets
        from .signals import proposal_changed

        proposal_changed.connect(notify_about_proposal, dispatch_uid="proposal_notifications")
        register_notification_kinds(NOTIFICATION_TEXTS)
        for name, provider in EXPORT_SECTIONS.items():
            register_export_section(name, provider)
        register_search_facets()
        register_result_actions(propose_actions)
        audit_texts.register()
        vacancy_columns.register()

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
            }
        )
