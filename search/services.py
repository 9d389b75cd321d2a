"""Writes of the search app's own data: saved searches and the jobseeker's vacancy alert."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.accounts.models import User

from .models import SavedSearch, VacancyAlert
from .permissions import saved_search_policy
from .tasks import seed_saved_search


def saved_search_create(
    *, owner: User, name: str, criteria: dict, alerts: bool = True, alert_email: bool = False
) -> SavedSearch:
    """Save a free search under `name` (`criteria`: `search.forms.stored_criteria`).

    The people who match already are noted in the background, so only someone new
    gives an alert.
    """
    if not saved_search_policy.may_save(owner):
        raise PermissionDenied
    saved_search = SavedSearch.objects.create(
        owner=owner, name=name, criteria=criteria, alerts=alerts, alert_email=alert_email
    )
    transaction.on_commit(lambda: seed_saved_search.enqueue(saved_search_id=saved_search.pk))
    return saved_search


def saved_search_update(
    *, saved_search: SavedSearch, by: User, name: str, alerts: bool, alert_email: bool
) -> SavedSearch:
    """Rename a saved search, or switch its alert; only its owner may."""
    if saved_search.owner_id != by.pk:
        raise PermissionDenied
    saved_search.name = name
    saved_search.alerts = alerts
    saved_search.alert_email = alert_email
    saved_search.save(update_fields=["name", "alerts", "alert_email", "updated_at"])
    return saved_search


def saved_search_delete(*, saved_search: SavedSearch, by: User) -> None:
    """Delete a saved search and what it matched; only its owner may."""
    if saved_search.owner_id != by.pk:
        raise PermissionDenied
    saved_search.delete()


def vacancy_alert_set(*, user: User, on: bool, email: bool) -> VacancyAlert | None:
    """Switch a jobseeker's "new vacancies for you" on (telling about vacancies published
    from now on) or off; switching on again keeps the moment it was first switched on."""
    if not on:
        VacancyAlert.objects.filter(user=user).delete()
        return None
    alert, _created = VacancyAlert.objects.update_or_create(user=user, defaults={"email": email})
    return alert
