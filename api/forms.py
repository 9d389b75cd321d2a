from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import Role

from .models import ORGANISATION_SCOPES, PERSONAL_SCOPES, WebhookEvent
from .services import DEFAULT_VALID_DAYS, KEY_EXPIRY_WINDOW


class _KeyForm(forms.Form):
    scope_choices: tuple = ()

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. “Our applicant-tracking system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"), widget=forms.CheckboxSelectMultiple
    )
    expires_on = KEY_EXPIRY_WINDOW.field(
        label=_("Valid until"), help_text=_("The key stops working after this day.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(scope.value, scope.label) for scope in self.scope_choices]
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(
            days=DEFAULT_VALID_DAYS
        )


class ApiKeyForm(_KeyForm):
    scope_choices = ORGANISATION_SCOPES
    role = forms.ChoiceField(
        label=_("Acts as"),
        help_text=_("The key acts like a member of your organisation with this role."),
    )

    def __init__(self, *args, roles: list[Role], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.order_fields(["name", "role", "scopes", "expires_on"])


class PersonalTokenForm(_KeyForm):
    """A jobseeker's code for an app: the same fields, in the jobseeker's words."""

    scope_choices = PERSONAL_SCOPES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Which app is it for?")
        self.fields["name"].help_text = _("A name you will recognise, e.g. “Job site”.")
        self.fields["scopes"].label = _("What may the app do?")
        self.fields["expires_on"].help_text = _("After this day the code no longer works.")


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("We send each event to this https:// address as a signed POST."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=WebhookEvent.choices
    )


class VacancyImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, comma or semicolon) or XLSX, at most 5 MB and 5,000 rows."),
    )
    dry_run = forms.BooleanField(label=_("Only check, keep nothing"), required=False, initial=True)
    accept_valid_part = forms.BooleanField(
        label=_("Keep the correct rows even when other rows are wrong"), required=False
    )


class PortfolioImportForm(forms.Form):
    file = forms.FileField(
        label=_("Portfolio file"),
        help_text=_(
            "A JSON file from another system in the HR Open Candidate format (what Talentbrug"
            " exports), at most 1 MB."
        ),
    )
