"""The network admin's look at the events in /cms/: read only, and without people."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from events.models import Event


def test_the_network_admin_sees_events_with_counts_but_cannot_change_them(day, login):
    client = login(day.network_admin)
    listing = client.get(reverse("events:index"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert escape(day.event.title) in page
    assert reverse("events:inspect", args=[day.event.pk]) in page
    inspect = client.get(reverse("events:inspect", args=[day.event.pk]))
    assert inspect.status_code == 200
    # Who takes part stays with the event: no names in the admin.
    for person in (day.jobseeker, day.other_jobseeker):
        assert person.get_full_name() not in inspect.content.decode()
        assert person.get_full_name() not in page
    for url in (
        reverse("events:add"),
        reverse("events:edit", args=[day.event.pk]),
        reverse("events:delete", args=[day.event.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"title": "Veranderd"})
    day.event.refresh_from_db()
    assert day.event.title == "Meet & Match Oldambt"
    assert Event.objects.filter(pk=day.event.pk).exists()


def test_members_do_not_reach_the_events_admin(day, login):
    for member in (day.coach, day.organisation_admin, day.recruiter):
        response = login(member).get(reverse("events:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
