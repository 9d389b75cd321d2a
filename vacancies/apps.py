from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self) -> None:
        from portal.audit.labels import register_action_labels

        from . import dashboard  # noqa: F401 - registers the links of "My page"

        register_action_labels(
            {
                "employer.register": _("signed up as an employer"),
                "employer.update_profile": _("changed the employer details"),
                "vacancy.create": _("started a vacancy"),
                "vacancy.update": _("changed a vacancy"),
                "vacancy.set_skills": _("changed the skills of a vacancy"),
                "vacancy.publish": _("published a vacancy"),
                "vacancy.close": _("closed a vacancy"),
                "vacancy.fill": _("marked a vacancy as filled"),
                "vacancy.close_expired": _("closed a vacancy after its closing date"),
                "vacancy.duplicate": _("copied a vacancy"),
            }
        )
