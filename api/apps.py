from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from intermediaries.signals import proposal_changed
        from portal.audit.labels import register_action_labels
        from portfolios.privacy import register_export_section
        from vacancies.signals import vacancies_changed, vacancy_changed

        from . import (
            dashboard,  # noqa: F401 - registers the links of "My page"
            exchange,
            receivers,
        )

        # "My data" carries the profile in HR Open's Candidate shape beside its own dump.
        register_export_section("hr_open_candidate", exchange.candidate_export)

        proposal_changed.connect(receivers.on_proposal_changed, dispatch_uid="api.proposal_changed")
        vacancy_changed.connect(receivers.on_vacancy_changed, dispatch_uid="api.vacancy_changed")
        vacancies_changed.connect(
            receivers.on_vacancies_changed, dispatch_uid="api.vacancies_changed"
        )

        register_action_labels(
            {
                "api_key.create": _("made an API key"),
                "api_key.revoke": _("revoked an API key"),
                "webhook.create": _("made a webhook"),
                "webhook.delete": _("deleted a webhook"),
            }
        )
