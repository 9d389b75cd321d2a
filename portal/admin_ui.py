"""Pieces for our Wagtail admin screens (/cms/) that read in the admin's language.

Wagtail shows a model's values as Python writes them ("True", "False", "None") and a
related-object filter starts with "---------". These say "Ja"/"Nee", "—" and "Alle".
"""

import django_filters
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.fields import BaseFieldDisplay
from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A yes/no column in words, not Wagtail's icons titled "True" and "False"."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return None
        return gettext("Yes") if value else gettext("No")


class YesNoDisplay(BaseFieldDisplay):
    template_name = "wagtailadmin_display/yes_no.html"


class DateDisplay(BaseFieldDisplay):
    template_name = "wagtailadmin_display/date.html"


def organisation_filter(*, label, queryset) -> django_filters.ModelChoiceFilter:
    """Filter on one of `queryset`'s organisations, "Alle" first (not "---------")."""
    return django_filters.ModelChoiceFilter(label=label, queryset=queryset, empty_label=_("All"))
