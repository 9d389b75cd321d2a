from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default = True


class UsersAppConfig(WagtailUsersAppConfig):
    """`wagtail.users` with the user screens of `portal.accounts.admin_users` (held to what a
    network admin may hand out); INSTALLED_APPS names this config instead of `wagtail.users`."""

    default = False
    user_viewset = "portal.accounts.admin_users.UserViewSet"
