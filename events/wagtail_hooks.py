"""Network admins see the network's Meet & Match events in /cms/, to help organisers:
when, where, by whom, how many took part and whether the schedule was made.

Read only, and without people: the organiser changes an event on the site (through
`events.services`), and who takes part stays with the event (`events.permissions`).
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.admin_ui import NamedEmptyChoices, organisation_filter
from portal.organisations.models import Organisation

from .models import Event


class LookOnlyPolicy(ModelPermissionPolicy):
    """Whoever may view events in the admin may only view them."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(Event, LookOnlyPolicy(Event))


class EventIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("organisation")
            .annotate(
                employer_count=Count("employers", distinct=True),
                jobseeker_count=Count("jobseekers", distinct=True),
                meeting_count=Count("meetings", distinct=True),
            )
        )


class EventFilterSet(WagtailFilterSet):
    organisation = organisation_filter(
        label=_("Organised by"),
        queryset=Organisation.objects.filter(events_organised__isnull=False).distinct(),
    )

    class Meta:
        model = Event
        fields = ["organisation", "schedule_state"]


class EventViewSet(NamedEmptyChoices, ModelViewSet):
    model = Event
    icon = "date"
    menu_label = _("Meet & Match events")
    menu_order = 670
    add_to_admin_menu = True
    index_view_class = EventIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Wagtail wants a form for its edit view; `LookOnlyPolicy` never lets anyone open it.
    form_fields = ["title"]
    filterset_class = EventFilterSet
    search_fields = ["title", "place", "organisation__name"]
    search_backend_name = None
    list_display = [
        TitleColumn("title", label=_("Name of the event"), url_name="events:inspect"),
        # The date itself: Wagtail's "just now" style reads wrong for a day to come.
        Column("date", label=_("Date")),
        Column("organisation", label=_("Organised by")),
        Column("place", label=_("Place")),
        Column("employer_count", label=_("Employers")),
        Column("jobseeker_count", label=_("Jobseekers")),
        Column("meeting_count", label=_("Meetings")),
        Column("get_schedule_state_display", label=_("Schedule")),
    ]
    inspect_view_fields = [
        "title",
        "organisation",
        "date",
        "starts_at",
        "place",
        "slot_minutes",
        "rounds",
        "tables",
        "max_meetings",
        "schedule_state",
        "schedule_made_at",
        "current_slot",
        "created_at",
    ]


@hooks.register("register_admin_viewset")
def register_event_viewset():
    return EventViewSet("events")
