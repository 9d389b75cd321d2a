"""Network admins keep the authorities' valuation tables and the yearly targets in /cms/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from portal.admin_ui import NamedEmptyChoices, YesNoColumn, organisation_filter
from portal.organisations.models import Organisation

from .models import ImpactTarget, ValuationTable


class ValuationTableFilterSet(WagtailFilterSet):
    authority = organisation_filter(
        label=_("Contracting authority"),
        queryset=Organisation.objects.filter(valuation_tables__isnull=False).distinct(),
    )

    class Meta:
        model = ValuationTable
        fields = ["authority", "is_example"]


class ImpactTargetFilterSet(WagtailFilterSet):
    organisation = organisation_filter(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(impact_targets__isnull=False).distinct(),
    )

    class Meta:
        model = ImpactTarget
        fields = ["organisation", "year", "target_group"]


class ValuationTableViewSet(NamedEmptyChoices, ModelViewSet):
    """One table per authority and period; a new version is a copy with a later start."""

    model = ValuationTable
    name = "valuation_tables"
    icon = "table"
    menu_label = _("Valuation tables")
    copy_view_enabled = True
    inspect_view_enabled = True
    filterset_class = ValuationTableFilterSet
    search_fields = ["name", "authority__name"]
    search_backend_name = None
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="valuation_tables:edit"),
        Column("authority", label=_("Contracting authority")),
        YesNoColumn("is_example", label=_("Example")),
        # The dates themselves: "2 years ago" says little about a table's period.
        Column("valid_from", label=_("Valid from")),
        Column("valid_to", label=_("Valid until")),
    ]


class ImpactTargetViewSet(NamedEmptyChoices, ModelViewSet):
    model = ImpactTarget
    name = "impact_targets"
    icon = "pick"
    menu_label = _("Yearly targets")
    filterset_class = ImpactTargetFilterSet
    search_backend_name = None
    list_display = ["organisation", "year", "target_group", "number"]


class SocialReturnGroup(ViewSetGroup):
    menu_label = _("Social return")
    menu_icon = "table"
    menu_order = 660
    items = (ValuationTableViewSet, ImpactTargetViewSet)


@hooks.register("register_admin_viewset")
def register_social_return_viewsets():
    return SocialReturnGroup()
