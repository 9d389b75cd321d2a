from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from portal.links import site_url


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up for jobseekers and employers; everyone else arrives by invitation."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Our own texts in portal/templates/account/email/ end with the signature and
        # the site's address, taken from the request like allauth's own links.
        context.setdefault("site_url", site_url() + "/")
        super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # The network admin's work is in the Wagtail admin (README); a `next` still wins.
        if request.user.is_network_admin:
            return reverse("wagtailadmin_home")
        return super().get_login_redirect_url(request)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        # The language stored with the account wins over the one this browser had:
        # the welcome message, the next page and the cookie follow it.
        language = user.preferred_language
        if language not in dict(settings.LANGUAGES):
            return super().post_login(request, user, **kwargs)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = super().post_login(request, user, **kwargs)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
