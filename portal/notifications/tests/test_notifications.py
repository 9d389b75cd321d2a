"""The notification list, the badge, the e-mail task and the e-mail switch on the profile."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from portal.accounts.factories import UserFactory
from portal.notifications.kinds import register_notification_kinds
from portal.notifications.models import Notification
from portal.notifications.services import notification_create, notifications_mark_read
from portal.notifications.tasks import send_notification_email

# A text the Dutch catalogue already has, so the reader's language shows.
register_notification_kinds({"test.greeting": gettext_lazy("Hello %(name)s,")})


def _notify(recipient, n: int = 1, **fields) -> list[Notification]:
    return [
        notification_create(
            recipient=recipient, kind="test.greeting", params={"name": f"Ria {i}"}, **fields
        )
        for i in range(n)
    ]


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_badge_shows_the_unread_count_with_the_same_queries_for_1_and_50(client):
    person = UserFactory()
    client.force_login(person)
    url = reverse("dashboard")
    assert "badge--warning" not in client.get(url).text
    _notify(person)
    one = _page_queries(client, url)
    _notify(person, 49)
    assert _page_queries(client, url) == one
    assert '50<span class="visually-hidden"> unread</span>' in client.get(url).text


@pytest.mark.django_db
def test_list_shows_only_own_notifications_in_the_readers_language_and_marks_them_read(client):
    person, other = UserFactory(), UserFactory()
    _notify(person)
    notification_create(recipient=other, kind="test.greeting", params={"name": "Geheim"})
    client.force_login(person)
    response = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="nl")
    assert "Hallo Ria 0," in response.text
    assert "Geheim" not in response.text
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()
    assert 'utrecht-status-badge--warning badge"' in response.text  # still marked new on this visit
    again = client.get(reverse("notification_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Hello Ria 0," in again.text and "badge--warning" not in again.text


@pytest.mark.django_db
def test_list_queries_are_the_same_for_1_and_50_notifications(client):
    person = UserFactory()
    client.force_login(person)
    url = reverse("notification_list")
    _notify(person)
    Notification.objects.update(read_at=None)
    one = _page_queries(client, url)
    _notify(person, 49)
    Notification.objects.update(read_at=None)
    assert _page_queries(client, url) == one


@pytest.mark.django_db
def test_link_of_a_screen_that_no_longer_exists_goes_to_my_page():
    person = UserFactory()
    [gone] = _notify(person, url_name="no_such_screen", url_args=[1])
    [there] = _notify(person, url_name="data_access_log")
    assert gone.url == reverse("dashboard")
    assert there.url == reverse("data_access_log")


@pytest.mark.django_db
def test_mark_read_touches_only_the_recipients_own_notifications():
    person, other = UserFactory(), UserFactory()
    mine, theirs = _notify(person)[0], _notify(other)[0]
    assert notifications_mark_read(recipient=person, ids=[mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_mail_is_sent_in_the_recipients_language(mailoutbox, django_capture_on_commit_callbacks):
    person = UserFactory(first_name="Sanne", preferred_language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(person)
    [mail] = mailoutbox
    assert mail.to == [person.email]
    assert mail.body.startswith("Hallo Sanne,")
    assert "Hallo Ria 0," in mail.subject
    assert reverse("profile") in mail.body


@pytest.mark.django_db
def test_each_notifications_mail_carries_its_own_message_id(mailoutbox, settings):
    """Mail programs show messages with one Message-ID once; two notifications with the
    same text are still two messages."""
    settings.SITE_URL = "https://talentbrug.example"
    person = UserFactory()
    first, second = _notify(person, 2)
    send_notification_email.call(notification_id=first.pk)
    send_notification_email.call(notification_id=second.pk)
    ids = [mail.message()["Message-ID"] for mail in mailoutbox]
    assert ids == [
        f"<notification.{first.pk}@talentbrug.example>",
        f"<notification.{second.pk}@talentbrug.example>",
    ]


@pytest.mark.django_db
def test_no_mail_when_switched_off_or_already_read_before_the_worker_ran(mailoutbox):
    person = UserFactory()
    switched_off, read = _notify(person, 2)
    person.email_notifications = False
    person.save(update_fields=["email_notifications"])
    send_notification_email.call(notification_id=switched_off.pk)
    person.email_notifications = True
    person.save(update_fields=["email_notifications"])
    read.read_at = timezone.now()
    read.save(update_fields=["read_at"])
    send_notification_email.call(notification_id=read.pk)
    assert mailoutbox == []
    send_notification_email.call(notification_id=switched_off.pk)
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_mail_is_queued_for_someone_who_switched_it_off(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify(person)
    assert callbacks == [] and mailoutbox == []
    assert Notification.objects.filter(recipient=person).count() == 1


@pytest.mark.django_db
def test_profile_switches_notification_mail_off_and_on(client):
    person = UserFactory()
    assert person.email_notifications
    client.force_login(person)
    data = {"first_name": "Ria", "last_name": "", "preferred_language": "nl"}
    assert client.post(reverse("profile"), data).status_code == 302
    person.refresh_from_db()
    assert not person.email_notifications
    client.post(reverse("profile"), {**data, "email_notifications": "on"})
    person.refresh_from_db()
    assert person.email_notifications
    form = client.get(reverse("profile")).context["form"]
    assert form["email_notifications"].value() is True
