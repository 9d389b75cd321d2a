"""Wagtail admin screens for the taxonomy: list, search, filter and edit concepts.

Network admins (superusers, or users given the concept model permissions) can
correct or add Dutch and English preferred labels. Concepts are not deleted here:
portfolios and vacancies refer to them; mark a concept obsolete instead.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal.admin_ui import NamedEmptyChoices, name_empty_choices

from .models import Concept
from .services import concept_set_preferred_labels

EDITABLE_LANGUAGES = ("nl", "en")


class ConceptForm(WagtailAdminModelForm):
    """The concept's own fields plus one preferred-label field per portal language."""

    label_nl = forms.CharField(label=_("Preferred label (Dutch)"), max_length=255)
    label_en = forms.CharField(label=_("Preferred label (English)"), max_length=255, required=False)

    class Meta:
        model = Concept
        fields = ["uri", "concept_type", "status", "isco_group", "code"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for language in EDITABLE_LANGUAGES:
            self.fields[f"label_{language}"].initial = self.instance.preferred_labels.get(
                language, ""
            )

    def preferred_labels(self) -> dict[str, str]:
        return {language: self.cleaned_data[f"label_{language}"] for language in EDITABLE_LANGUAGES}


class _SavesLabelsMixin:
    def save_instance(self) -> Concept:
        concept = super().save_instance()
        return concept_set_preferred_labels(concept=concept, labels=self.form.preferred_labels())


class ConceptCreateView(_SavesLabelsMixin, generic.CreateView):
    pass


class ConceptEditView(_SavesLabelsMixin, generic.EditView):
    pass


class ConceptIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        # Searching through labels joins several rows per concept.
        return super().search_queryset(queryset).distinct() if self.is_searching else queryset


class ConceptInspectView(generic.InspectView):
    """The labels and descriptions per language in words, not as the stored JSON."""

    def _per_language(self, values: dict[str, str]) -> str:
        names = dict(settings.LANGUAGES)
        return "; ".join(
            f"{names[language]}: {values[language]}" for language in names if values.get(language)
        )

    def get_preferred_labels_display_value(self) -> str:
        return self._per_language(self.object.preferred_labels)

    def get_descriptions_display_value(self) -> str:
        return self._per_language(self.object.descriptions)


class ConceptPermissionPolicy(ModelPermissionPolicy):
    """The usual model permissions, except that nobody deletes a concept in the admin."""

    def user_has_permission(self, user, action: str) -> bool:
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return super().user_has_any_permission(user, [a for a in actions if a != "delete"])

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return action != "delete" and super().user_has_permission_for_instance(
            user, action, instance
        )


def _label(language: str):
    return lambda concept: concept.preferred_labels.get(language, "")


class ConceptViewSet(NamedEmptyChoices, ModelViewSet):
    model = Concept
    name = "concepts"
    icon = "tag"
    menu_label = _("Skill taxonomy")
    add_to_admin_menu = True
    menu_order = 700
    form_fields = ConceptForm.Meta.fields
    index_view_class = ConceptIndexView
    add_view_class = ConceptCreateView
    edit_view_class = ConceptEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ConceptInspectView
    # Not the data per source: the importer's own bookkeeping, as JSON.
    inspect_view_fields = [
        "uri",
        "concept_type",
        "preferred_labels",
        "descriptions",
        "status",
        "isco_group",
        "code",
        "reuse_level",
        "broader",
        "updated_at",
    ]
    search_fields = ["uri", "labels__text"]
    search_backend_name = None
    list_filter = ["concept_type", "status"]
    list_per_page = 50
    list_display = [
        TitleColumn("label_nl", label=_("Dutch"), accessor=_label("nl"), url_name="concepts:edit"),
        Column("label_en", label=_("English"), accessor=_label("en")),
        "concept_type",
        "status",
        "uri",
    ]

    def get_form_class(self, for_update: bool = False) -> type[ConceptForm]:
        return name_empty_choices(ConceptForm)


concept_permission_policy = ConceptPermissionPolicy(Concept)
concept_viewset = ConceptViewSet()
