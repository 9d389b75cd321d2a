from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "portal.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from portal.audit.labels import register_describer

        from . import dashboard  # noqa: F401 - registers the links of "My page"

        register_describer("organisations.membership", _organisation_of("memberships"))
        register_describer("accounts.invitation", _organisation_of("invitations"))
        register_describer("organisations.organisation", _organisation_of(""))


def _organisation_of(relation: str):
    """Name objects of an organisation-owned type by the organisation's name."""

    def describe(ids: list[str]) -> dict[str, str]:
        from .models import Organisation

        key = f"{relation}__pk" if relation else "pk"
        rows = Organisation.objects.filter(**{f"{key}__in": [int(i) for i in ids if i.isdigit()]})
        return {str(pk): name for pk, name in rows.values_list(key, "name")}

    return describe
