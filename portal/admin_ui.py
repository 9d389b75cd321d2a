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


def name_the_empty_choice(field):
    """Give a select field's empty choice words instead of Django's "---------": "Maak een
    keuze" when an answer is needed, "Geen" when none is a fine answer. Returns the field."""
    from django import forms

    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.MultipleChoiceField):
        return field
    label = _("Choose one") if field.required else _("None")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = label
    else:
        field.choices = [
            ("", label) if value == "" else (value, text) for value, text in field.choices
        ]
    return field


def name_empty_choices(form_class):
    """The form class, with every select field's empty choice named (see above)."""
    for field in form_class.base_fields.values():
        name_the_empty_choice(field)
    return form_class


class NamedEmptyChoices:
    """For a Wagtail ModelViewSet: its create and edit forms name their empty choices."""

    def get_form_class(self, for_update: bool = False):
        return name_empty_choices(super().get_form_class(for_update))
