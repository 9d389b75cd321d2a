"""Reads about accounts."""

from .models import User


def account_exists(*, email: str) -> bool:
    """Whether any account, active or not, uses `email` (case-insensitive).

    For server-side decisions only: a public page never shows the answer.
    """
    return User.objects.filter(email__iexact=email.strip()).exists()
