from allauth.account.adapter import DefaultAccountAdapter

from portal.links import site_url


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up for jobseekers and employers; everyone else arrives by invitation."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Our own texts in portal/templates/account/email/ end with the signature and
        # the site's address, taken from the request like allauth's own links.
        context.setdefault("site_url", site_url() + "/")
        super().send_mail(template_prefix, email, context)
