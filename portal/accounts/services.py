from django.db import transaction

from portal.audit.services import audit_record

from .models import User


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    preferred_language: str,
    email_notifications: bool,
) -> User:
    """Change the name and language a person uses in the portal, and whether they get e-mail."""
    user.first_name = first_name
    user.last_name = last_name
    user.preferred_language = preferred_language
    user.email_notifications = email_notifications
    user.save(
        update_fields=["first_name", "last_name", "preferred_language", "email_notifications"]
    )
    audit_record(actor=user, action="user.update_profile", subject=user, target=user)
    return user
