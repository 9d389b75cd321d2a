"""Network admins keep the authorities' valuation tables and the yearly targets in /cms/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ImpactTarget, ValuationTable


class ValuationTableViewSet(ModelViewSet):
    """One table per authority and period; a new version is a copy with a later start."""

    model = ValuationTable
    name = "valuation_tables"
    icon = "table"
    menu_label = _("Valuation tables")
    copy_view_enabled = True
    inspect_view_enabled = True
    list_filter = ["authority", "is_example"]
    search_fields = ["name", "authority__name"]
    search_backend_name = None
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="valuation_tables:edit"),
        Column("authority", label=_("Contracting authority")),
        Column("is_example", label=_("Example")),
        DateColumn("valid_from", label=_("Valid from")),
        DateColumn("valid_to", label=_("Valid until")),
    ]


class ImpactTargetViewSet(ModelViewSet):
    model = ImpactTarget
    name = "impact_targets"
    icon = "pick"
    menu_label = _("Yearly targets")
    list_filter = ["organisation", "year", "target_group"]
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
