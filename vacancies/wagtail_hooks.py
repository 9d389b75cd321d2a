"""Network admins check and approve employers in the Wagtail admin (/cms/).

"Employers" lists every employer with its KvK number, sector and status, pending
ones first; the edit screen shows the whole profile and has the decision. The
decision goes through `organisation_set_status`, so it is audited and both the
employer and the admin side get the same e-mail as from the Organisations screen.
The admin's dashboard shows the employers waiting.
"""

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.admin_ui import NamedEmptyChoices, name_empty_choices
from portal.organisations.models import OrganisationStatus
from portal.organisations.services import organisation_set_status

from . import selectors
from .models import EmployerProfile


class EmployerProfileAdminForm(WagtailAdminModelForm):
    decision = forms.ChoiceField(
        label=_("Status of the organisation"),
        choices=OrganisationStatus.choices,
        help_text=_("Approve the employer to let them publish vacancies. They get an e-mail."),
    )

    class Meta:
        model = EmployerProfile
        fields = [
            "kvk_number",
            "sector",
            "contact_name",
            "contact_email",
            "contact_phone",
            "pso_level",
            "banenafspraak",
            "has_sroi_obligations",
            "sroi_reference",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["decision"].initial = self.instance.organisation.status
        # The decision first: it is what the admin comes here for.
        self.order_fields(["decision", *self._meta.fields])
        sector = self.fields["sector"]
        sector.choices = [("", _("No sector chosen")), *[c for c in sector.choices if c[0]]]


class EmployerEditView(generic.EditView):
    _decided = ""

    def save_instance(self):
        profile = super().save_instance()
        decision = self.form.cleaned_data["decision"]
        if decision != profile.organisation.status:
            organisation_set_status(
                organisation=profile.organisation, status=decision, by=self.request.user
            )
            self._decided = decision
        return profile

    def get_success_message(self, instance=None):
        # Say what happened and what follows, not only "updated".
        instance = instance or self.object
        name = instance.organisation.name
        if self._decided == OrganisationStatus.APPROVED:
            return _(
                "%(name)s is approved. Its admins and recruiters get an e-mail and can now "
                "publish vacancies."
            ) % {"name": name}
        if self._decided == OrganisationStatus.REJECTED:
            return _(
                "%(name)s is rejected. Its admins and recruiters get an e-mail; they cannot "
                "publish vacancies or see candidates."
            ) % {"name": name}
        if self._decided:
            return _("%(name)s is waiting for a decision again.") % {"name": name}
        return _("The details of %(name)s are saved. The status stays: %(status)s.") % {
            "name": name,
            "status": instance.organisation.get_status_display(),
        }


class EmployerPermissionPolicy(ModelPermissionPolicy):
    """Employers sign up themselves: nobody adds or deletes a profile here."""

    def user_has_permission(self, user, action: str) -> bool:
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        allowed = [a for a in actions if a not in ("add", "delete")]
        return bool(allowed) and super().user_has_any_permission(user, allowed)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return action not in ("add", "delete") and super().user_has_permission_for_instance(
            user, action, instance
        )


class EmployerIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Waiting employers first, then the others by name.
        return (
            super()
            .get_base_queryset()
            .select_related("organisation")
            .annotate(
                waiting=Case(
                    When(organisation__status=OrganisationStatus.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("waiting", "organisation__name")
        )


class EmployerFilterSet(WagtailFilterSet):
    organisation__status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=OrganisationStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = EmployerProfile
        fields = ["sector", "pso_level"]


class EmployerViewSet(NamedEmptyChoices, ModelViewSet):
    model = EmployerProfile
    name = "employers"
    icon = "group"
    menu_label = _("Employers")
    add_to_admin_menu = True
    menu_order = 650
    index_view_class = EmployerIndexView
    edit_view_class = EmployerEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = EmployerFilterSet
    search_fields = ["organisation__name", "kvk_number", "contact_name"]
    search_backend_name = None
    list_display = [
        TitleColumn(
            "organisation",
            label=_("Employer"),
            accessor=lambda p: p.organisation.name,
            url_name="employers:edit",
        ),
        Column("status", label=_("Status"), accessor=lambda p: p.organisation.get_status_display()),
        Column("city", label=_("Place"), accessor=lambda p: p.organisation.city),
        "kvk_number",
        "sector",
        DateColumn("created_at", label=_("Signed up")),
    ]

    def get_form_class(self, for_update: bool = False):
        return name_empty_choices(EmployerProfileAdminForm)


register_permission_policy(
    EmployerProfile, EmployerPermissionPolicy(EmployerProfile), exact_class=True
)
employer_viewset = EmployerViewSet()


class PendingEmployersPanel(Component):
    name = "pending_employers"
    template_name = "vacancies/admin/pending_employers_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending"] = list(selectors.pending_employers()[:20])
        return context


@hooks.register("register_admin_viewset")
def register_employer_viewset():
    return employer_viewset


@hooks.register("construct_homepage_panels")
def add_pending_employers_panel(request, panels):
    if request.user.is_network_admin:
        panels.append(PendingEmployersPanel())
