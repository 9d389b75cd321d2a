"""What this app holds about a person, for their "download everything about me" export.

Registered with `portfolios.privacy.register_export_section` when the app is ready. Erasure
needs nothing here: every row hangs off the person's account or portfolio and goes with it.
"""

from typing import Any

from portal.accounts.models import User

from .models import SavedSearch, VacancyAlert, VacancyAlertMatch


def searches_of(user: User) -> dict[str, Any]:
    """The person's saved searches, and their "new vacancies for you" with what it told."""
    alert = VacancyAlert.objects.filter(user=user).first()
    return {
        "saved_searches": [
            {
                "name": saved.name,
                "criteria": saved.criteria,
                "alerts": saved.alerts,
                "alert_email": saved.alert_email,
                "created_at": saved.created_at.isoformat(),
            }
            for saved in SavedSearch.objects.filter(owner=user)
        ],
        "new_vacancies_alert": {
            "on_since": alert.created_at.isoformat(),
            "email": alert.email,
        }
        if alert
        else None,
        "vacancies_told_about": [
            {"vacancy_id": vacancy_id, "at": at.isoformat()}
            for vacancy_id, at in VacancyAlertMatch.objects.filter(user=user)
            .order_by("created_at")
            .values_list("vacancy_id", "created_at")
        ],
    }
