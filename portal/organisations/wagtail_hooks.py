"""Network admins manage organisations and memberships in the Wagtail admin (/cms/).

Saves go through the organisation services, so approvals, roles and their
object permissions change exactly as they do in the portal.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.admin_ui import NamedEmptyChoices, YesNoColumn

from . import services
from .models import Membership, Organisation, OrganisationKind


class OrganisationCreateView(generic.CreateView):
    def save_instance(self):
        data = {field: self.form.cleaned_data[field] for field in self.form.cleaned_data}
        return services.organisation_create(created_by=self.request.user, **data)


class OrganisationEditView(generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        changed = set(self.form.changed_data)
        organisation = services.organisation_update(
            organisation=self.form.instance,
            by=self.request.user,
            **{name: data[name] for name in services.EDITABLE_FIELDS if name in changed},
        )
        if "status" in changed:
            organisation = services.organisation_set_status(
                organisation=organisation, status=data["status"], by=self.request.user
            )
        return organisation


class OrganisationViewSet(NamedEmptyChoices, ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    list_display = ["name", "kind", "status", "city"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "city"]
    form_fields = ["name", "kind", "status", *services.EDITABLE_FIELDS[2:]]
    copy_view_enabled = False


class MembershipCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.membership_create(
            user=data["user"],
            organisation=data["organisation"],
            role=data["role"],
            by=self.request.user,
        )


class MembershipEditView(generic.EditView):
    def save_instance(self):
        membership = Membership.objects.get(pk=self.form.instance.pk)
        data = self.form.cleaned_data
        if data["role"] != membership.role:
            membership = services.membership_change_role(
                membership=membership, role=data["role"], by=self.request.user
            )
        if membership.is_active and not data["is_active"]:
            membership = services.membership_end(membership=membership, by=self.request.user)
        elif not membership.is_active and data["is_active"]:
            membership = services.membership_create(
                user=membership.user,
                organisation=membership.organisation,
                role=membership.role,
                by=self.request.user,
            )
        return membership


class MembershipDeleteView(generic.DeleteView):
    # A membership is ended, never deleted: its history and audit trail stay.
    def delete_action(self):
        services.membership_end(membership=self.object, by=self.request.user)


class MembershipFilterSet(WagtailFilterSet):
    organisation__kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        choices=OrganisationKind.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Membership
        fields = ["role", "is_active"]


class MembershipViewSet(NamedEmptyChoices, ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_display = ["user", "organisation", "role", YesNoColumn("is_active", label=_("Active"))]
    filterset_class = MembershipFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    form_fields = ["user", "organisation", "role", "is_active"]
    copy_view_enabled = False


class NetworkViewSetGroup(ModelViewSetGroup):
    menu_label = _("Network")
    menu_icon = "site"
    items = (OrganisationViewSet("organisations"), MembershipViewSet("memberships"))


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
