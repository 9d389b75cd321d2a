from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import active_language


class SignupForm(AllauthSignupForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own list ("Uw wachtwoord ...") in our words, the rules in settings.
        self.fields["password1"].help_text = _(
            "At least 8 characters. Not only numbers, not like your name or e-mail "
            "address, and not an easy one like welkom123."
        )

    def save(self, request):
        user = super().save(request)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data.get("last_name", "")
        user.preferred_language = active_language()
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
        return user


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
