from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SetPasswordForm as AllauthSetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from portal import geo

from .models import active_language


class OurPasswordRules:
    """Django's own list of password rules ("Uw wachtwoord ...") in our words; the
    rules themselves are in settings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = _(
            "At least 8 characters. Not only numbers, not like your name or e-mail "
            "address, and not an easy one like welkom123."
        )


class SignupForm(OurPasswordRules, AllauthSignupForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def save(self, request):
        user = super().save(request)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data.get("last_name", "")
        user.preferred_language = active_language()
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        return user


class ChangePasswordForm(OurPasswordRules, AllauthChangePasswordForm):
    pass


class SetPasswordForm(OurPasswordRules, AllauthSetPasswordForm):
    pass


class ResetPasswordKeyForm(OurPasswordRules, AllauthResetPasswordKeyForm):
    pass


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=[("nl", "Nederlands"), ("en", "English")]
    )
    email_notifications = forms.BooleanField(
        label=_("E-mail me when there is a new notification for me"),
        help_text=_("With e-mail off you still see your notifications in Talentbrug."),
        required=False,
    )


class NearbyForm(forms.Form):
    """A postcode to find organisations with coaches near a jobseeker who signed up alone."""

    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("For example: 9671 AB. Only used for this search; we do not save it."),
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        _postcode, self.place = geo.checked_postcode(text)
        return text

    def point(self) -> tuple[float | None, float | None]:
        place = getattr(self, "place", None) if self.is_valid() else None
        return (place.latitude, place.longitude) if place else (None, None)
