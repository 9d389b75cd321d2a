from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Open sign-up for jobseekers and employers; everyone else arrives by invitation."""
