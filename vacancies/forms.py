"""Forms parse and type what people type; the rules that span fields live in the services."""

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import geo
from portal.accounts.models import User
from portal.choices import Certificate, DrivingLicence, DutchLevel
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType

from .models import (
    SUPPORT_FIELDS,
    EmployerProfile,
    PsoLevel,
    Sector,
    Vacancy,
    WorkType,
    kvk_validator,
)
from .selectors import occupation_choices
from .services import VACANCY_DATE_WINDOW


def _postcode_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Postcode"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text"}),
        **kwargs,
    )


class _Fieldsets:
    """Groups of fields, each shown in a <fieldset> with a legend."""

    fieldsets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def grouped(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class EmployerProfileFields(forms.Form):
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=12,
        help_text=_("8 digits. You find it on your extract of the Chamber of Commerce."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=150,
        required=False,
        help_text=_("Who do coaches call? Leave empty if this is you."),
    )
    contact_email = forms.EmailField(label=_("E-mail of the contact person"), required=False)
    contact_phone = forms.CharField(
        label=_("Phone of the contact person"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    pso_level = forms.TypedChoiceField(
        label=_("PSO level"),
        choices=PsoLevel.choices,
        coerce=int,
        initial=PsoLevel.NONE,
        help_text=_("Your step on the Prestatieladder Socialer Ondernemen."),
    )
    banenafspraak = forms.BooleanField(label=_("We take part in the banenafspraak"), required=False)
    has_sroi_obligations = forms.BooleanField(
        label=_("We have social-return (SROI) obligations from public contracts"), required=False
    )
    sroi_reference = forms.CharField(
        label=_("Reference of the SROI contract"),
        max_length=200,
        required=False,
        help_text=_("For example the number of the tender."),
    )

    def clean_kvk_number(self) -> str:
        value = "".join(self.cleaned_data["kvk_number"].split())
        kvk_validator(value)
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_sroi_obligations") and not cleaned.get("sroi_reference", "").strip():
            self.add_error("sroi_reference", _("Fill in the reference of the contract."))
        return cleaned

    def profile_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in EmployerProfileFields.base_fields}


class EmployerSignupForm(_Fieldsets, EmployerProfileFields):
    """Account, organisation and social-return profile of a new employer, on one page."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("You log in with this address. We send you a link to check it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. Not only numbers."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    street_address = forms.CharField(
        label=_("Street and number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = _postcode_field()
    city = forms.CharField(
        label=_("Place"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "organisation_name",
        "kvk_number",
        "sector",
        "street_address",
        "postcode",
        "city",
        "phone",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
        "pso_level",
        "banenafspraak",
        "has_sroi_obligations",
        "sroi_reference",
    ]
    fieldsets = (
        (
            pgettext_lazy("sign-up section about the person", "You"),
            ("first_name", "last_name", "email", "password1", "password2"),
        ),
        (
            _("Your organisation"),
            (
                "organisation_name",
                "kvk_number",
                "sector",
                "street_address",
                "postcode",
                "city",
                "phone",
                "website",
            ),
        ),
        (_("Contact person"), ("contact_name", "contact_email", "contact_phone")),
        (
            _("Social return"),
            ("pso_level", "banenafspraak", "has_sroi_obligations", "sroi_reference"),
        ),
    )

    def clean_email(self) -> str:
        # Whether the address has an account is never said here: the view answers as
        # for a new address and tells the owner by e-mail (no account enumeration).
        return self.cleaned_data["email"].strip().lower()

    def clean_postcode(self) -> str:
        postcode, _place = geo.checked_postcode(self.cleaned_data["postcode"])
        return postcode

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            user = User(email=cleaned.get("email", ""), first_name=cleaned.get("first_name", ""))
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def registration_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["password"] = data.pop("password1")
        data.pop("password2")
        full_name = f"{data['first_name']} {data['last_name']}".strip()
        data["contact_name"] = data["contact_name"].strip() or full_name
        data["contact_email"] = data["contact_email"] or data["email"]
        return data


class EmployerProfileForm(_Fieldsets, EmployerProfileFields):
    fieldsets = (
        (_("Your organisation"), ("kvk_number", "sector")),
        (_("Contact person"), ("contact_name", "contact_email", "contact_phone")),
        (
            _("Social return"),
            ("pso_level", "banenafspraak", "has_sroi_obligations", "sroi_reference"),
        ),
    )

    @classmethod
    def for_profile(cls, profile: EmployerProfile, data=None) -> "EmployerProfileForm":
        initial = {name: getattr(profile, name) for name in EmployerProfileFields.base_fields}
        return cls(data, initial=initial)

    def profile_data(self) -> dict:
        data = super().profile_data()
        data["contact_name"] = data["contact_name"].strip()
        return data


# --- The vacancy wizard ----------------------------------------------------------------


class VacancyStepForm(forms.Form):
    """One step of the wizard: reads its fields from a vacancy, hands typed values to the service."""

    @classmethod
    def for_vacancy(cls, vacancy: Vacancy | None, data=None) -> "VacancyStepForm":
        initial = {}
        if vacancy is not None:
            initial = {name: getattr(vacancy, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def vacancy_data(self) -> dict:
        return dict(self.cleaned_data)


class OccupationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, concept) -> str:
        return concept.label()


class BasicsForm(VacancyStepForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("Short and clear, for example “Order picker in the warehouse”."),
    )
    occupation = OccupationChoiceField(
        label=_("Occupation"),
        queryset=Concept.objects.filter(
            concept_type=ConceptType.OCCUPATION, status=ConceptStatus.RELEASED
        ),
        required=False,
        empty_label="—",
        help_text=_("Choose the work that fits best. We then suggest skills."),
    )
    work_type = forms.ChoiceField(
        label=_("Type of work"), choices=WorkType.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What is the work like?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write short sentences. Say what a normal day looks like."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sorted by label in the user's language, which the database cannot do for JSON labels.
        self.fields["occupation"].choices = [
            ("", "—"),
            *((o.pk, o.label()) for o in occupation_choices()),
        ]


class WhereWhenForm(VacancyStepForm):
    postcode = _postcode_field(help_text=_("Of the workplace, for example 9671 AB."))
    hours_min = forms.IntegerField(
        label=_("Hours per week, at least"),
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    hours_max = forms.IntegerField(
        label=_("Hours per week, at most"),
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start_date = VACANCY_DATE_WINDOW.field(
        label=_("Start date"),
        required=False,
        help_text=_("From this day people can start."),
    )
    closing_date = VACANCY_DATE_WINDOW.field(
        label=_("Closing date"),
        required=False,
        help_text=_("After this day the vacancy closes by itself."),
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("Driving licences the work requires"),
        help_text=_("Only people with these licences are found, unless a coach widens the search."),
        choices=DrivingLicence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose driving licences from the list.")},
    )
    certificates = forms.MultipleChoiceField(
        label=_("Certificates the work requires"),
        help_text=_(
            "Only people with these certificates are found, unless a coach widens the search."
        ),
        choices=Certificate.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose certificates from the list.")},
    )
    dutch_level = forms.ChoiceField(
        label=_("Dutch at least"),
        help_text=_(
            "The level of Dutch the work needs. Only people who speak it this well are found."
        ),
        choices=[("", _("No requirement")), *DutchLevel.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a level of Dutch from the list.")},
    )
    places = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=999,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_postcode(self) -> str:
        # The service checks this again; here it joins the other messages on the page.
        postcode, _place = geo.checked_postcode(self.cleaned_data["postcode"])
        return postcode

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for field, message in (
            ("start_date", _("The start date is in the past.")),
            ("closing_date", _("The closing date is in the past.")),
        ):
            value = cleaned.get(field)
            if value and value < today and field in self.changed_data:
                self.add_error(field, message)
        low, high = cleaned.get("hours_min"), cleaned.get("hours_max")
        if low is not None and high is not None and low > high:
            self.add_error("hours_max", _("The most hours cannot be less than the least hours."))
        start, closing = cleaned.get("start_date"), cleaned.get("closing_date")
        if start and closing and closing < start:
            self.add_error("closing_date", _("The closing date is before the start date."))
        return cleaned


class ExtrasForm(VacancyStepForm):
    support = forms.MultipleChoiceField(
        label=_("What support does the workplace offer?"),
        choices=list(SUPPORT_FIELDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    banenafspraak = forms.BooleanField(
        label=_("Suitable for the banenafspraak (garantiebaan)"), required=False
    )
    counts_for_sroi = forms.BooleanField(
        label=_("Counts toward an SROI obligation"), required=False
    )
    sroi_contract = forms.CharField(
        label=_("Which SROI contract?"),
        max_length=200,
        required=False,
        help_text=_("For example the number of the tender."),
    )
    offered_under_pso = forms.BooleanField(label=_("Offered under PSO"), required=False)
    show_to_jobseekers = forms.BooleanField(
        label=_("Jobseekers may see this vacancy too"),
        required=False,
        help_text=_("Coaches always see your open vacancies."),
    )

    @classmethod
    def for_vacancy(cls, vacancy: Vacancy | None, data=None) -> "ExtrasForm":
        initial = {}
        if vacancy is not None:
            initial = {
                name: getattr(vacancy, name) for name in cls.base_fields if name != "support"
            }
            initial["support"] = [name for name in SUPPORT_FIELDS if getattr(vacancy, name)]
        return cls(data, initial=initial)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("counts_for_sroi") and not cleaned.get("sroi_contract", "").strip():
            self.add_error("sroi_contract", _("Say which contract the SROI obligation comes from."))
        return cleaned

    def vacancy_data(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = set(data.pop("support"))
        data.update({name: name in chosen for name in SUPPORT_FIELDS})
        return data
