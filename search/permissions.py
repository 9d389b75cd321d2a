"""Who may save free searches, and whose saved searches one may open: only one's own."""

from django.db.models import QuerySet

from portal.accounts.models import User
from portfolios.permissions import portfolio_permission_policy

from .models import SavedSearch


class SavedSearchPermissionPolicy:
    """The one place that answers "may X save a search" and "which saved searches may X open"."""

    def may_save(self, user: User) -> bool:
        """Whoever may search freely; each saved search's results stay under `visible_to`."""
        return portfolio_permission_policy.may_search_freely(user)

    def owned_by(self, user: User) -> QuerySet[SavedSearch]:
        """The saved searches `user` may see, rename and delete: their own, nobody else's."""
        if not user.is_authenticated:
            return SavedSearch.objects.none()
        return SavedSearch.objects.filter(owner=user)


saved_search_policy = SavedSearchPermissionPolicy()
