"""Forms of the jobseeker's editor and of a coach's suggestion: they parse and check what was
typed; services save it.

Texts are short and plain (language level B1). Every error says what to do.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import geo
from portal.choices import Certificate, DrivingLicence, DutchLevel, Sector, SkillLevel, WorkType
from portal.taxonomy.models import Concept, ConceptType
from portal.travel import REACH_BANDS, reach_band
from portal.validation import YEAR, PlausibleDateField

from .models import Audience, EditorStep, LanguageLevel, PortfolioPage


class Weekday:
    """Days of the week, stored as these short codes in `days_available`. Labels of their own
    (capitalised, as a choice), with a context: without one they would also be Django's weekday
    names in dates, which Dutch writes in lower case ("op zaterdag 26 december")."""

    choices = [
        ("mon", pgettext_lazy("a day to tick", "Monday")),
        ("tue", pgettext_lazy("a day to tick", "Tuesday")),
        ("wed", pgettext_lazy("a day to tick", "Wednesday")),
        ("thu", pgettext_lazy("a day to tick", "Thursday")),
        ("fri", pgettext_lazy("a day to tick", "Friday")),
        ("sat", pgettext_lazy("a day to tick", "Saturday")),
        ("sun", pgettext_lazy("a day to tick", "Sunday")),
    ]


TRANSPORT_CHOICES = [
    ("walk", _("On foot")),
    ("bike", _("Bicycle")),
    ("moped", _("Moped or scooter")),
    ("public_transport", _("Bus or train")),
    ("car", _("Car")),
    ("lift", _("Someone gives me a lift")),
]


class EditorForm(forms.Form):
    """Labels are questions or short phrases: no colon after them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AboutForm(EditorForm):
    headline = forms.CharField(
        label=_("Who are you, in one sentence?"),
        help_text=_("For example: I like to work with my hands and I am always on time."),
        max_length=160,
        required=False,
    )
    about_me = forms.CharField(
        label=_("Tell something about yourself"),
        help_text=_("For example: what you like to do, what you are proud of, your hobbies."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    support_needs = forms.CharField(
        label=_("What helps you at work?"),
        help_text=_(
            "For example: a quiet place, clear tasks, a fixed colleague. "
            "Only you and the coaches of your organisation see this."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class PhotoForm(EditorForm):
    """Optional, beside the About me texts, so a wrong file keeps what was typed."""

    photo = forms.FileField(
        label=_("A photo of yourself"),
        help_text=_(
            "A JPG or PNG photo, at most 10 MB. For example: a friendly photo of your face."
        ),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)


class SkillSearchForm(EditorForm):
    q = forms.CharField(
        label=_("What can you do? Type a word."),
        help_text=_("For example: cleaning, forklift, cooking."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class OccupationSearchForm(SkillSearchForm):
    q = forms.CharField(
        label=_("What work do you want? Type a word."),
        help_text=_("For example: warehouse, kitchen, gardener."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class SuggestionSearchForm(SkillSearchForm):
    """The coach's picker: a skill for "What I am good at", or work for "What I want"."""

    q = forms.CharField(
        label=_("Suggest a skill or work? Type a word."),
        help_text=_("For example: forklift, cleaning, warehouse."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class SkillLevelForm(EditorForm):
    level = forms.TypedChoiceField(
        label=_("How well can you do this?"),
        choices=SkillLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how well you can do this.")},
    )
    note = forms.CharField(
        label=_("Example"),
        help_text=_("When did you do this? For example: I cleaned the canteen every day."),
        max_length=300,
        required=False,
    )


class ExperienceForm(EditorForm):
    kind = forms.ChoiceField(
        label=_("What kind?"),
        choices=[
            ("work", _("Work")),
            ("volunteering", _("Volunteering")),
            ("internship", _("Internship")),
            ("school", _("School")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind it was.")},
    )
    title = forms.CharField(
        label=_("What did you do?"),
        help_text=_("For example: helper in the kitchen."),
        max_length=150,
        error_messages={"required": _("Write what you did.")},
    )
    place = forms.CharField(
        label=_("Where?"),
        help_text=_("For example: De Kroon, Winschoten."),
        max_length=150,
        required=False,
    )
    period = forms.CharField(
        label=_("When?"), help_text=_("For example: 2021 to 2023."), max_length=80, required=False
    )
    description = forms.CharField(
        label=_("Tell a bit more"),
        help_text=_("For example: I washed the dishes and helped the cook."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EducationForm(EditorForm):
    name = forms.CharField(
        label=_("Course or diploma"),
        help_text=_("For example: forklift certificate, or VMBO."),
        max_length=150,
        error_messages={"required": _("Write the name of the course or diploma.")},
    )
    school = forms.CharField(
        label=_("School or provider"),
        help_text=_("For example: Noorderpoort."),
        max_length=150,
        required=False,
    )
    year = forms.CharField(
        label=_("Year"), help_text=_("For example: 2022."), max_length=20, required=False
    )
    certificate = forms.BooleanField(label=_("I have a certificate"), required=False)


NARRATIVE_FORMS: dict[str, type[forms.Form]] = {
    "experience": ExperienceForm,
    "education": EducationForm,
}


class WishesForm(EditorForm):
    """What work the jobseeker wants: hours, days, travel, kinds of work. Occupations are picked apart."""

    sectors = forms.MultipleChoiceField(
        label=_("In which area do you want to work?"),
        help_text=_("Choose one or more. For example: Cleaning."),
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    work_types = forms.MultipleChoiceField(
        label=_("What kind of work place?"),
        help_text=_("Choose one or more. For example: Paid job."),
        choices=WorkType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hours_min = forms.IntegerField(
        label=_("Hours per week, at least"),
        help_text=_("For example: 16."),
        min_value=0,
        max_value=60,
        required=False,
    )
    hours_max = forms.IntegerField(
        label=_("Hours per week, at most"),
        help_text=_("For example: 24."),
        min_value=0,
        max_value=60,
        required=False,
    )
    days_available = forms.MultipleChoiceField(
        label=_("On which days can you work?"),
        help_text=_("Choose one or more. For example: Monday and Tuesday."),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("We use it to see how far work is. For example: 9671 AB."),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    # Exactly the distances matching compares (portal.travel.REACH_BANDS): what a
    # person picks is what the search uses, with nothing rounded away.
    max_travel_km = forms.TypedChoiceField(
        label=_("How far can you travel? (km)"),
        help_text=_("One way. Choose the distance that fits best."),
        choices=[("", "—"), *((km, f"{km} km") for km in REACH_BANDS)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    transport = forms.MultipleChoiceField(
        label=_("How do you travel?"),
        help_text=_("Choose one or more. For example: Bicycle."),
        choices=TRANSPORT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("Which driving licences do you have?"),
        help_text=_("Skip this if you have none."),
        choices=DrivingLicence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose driving licences from the list.")},
    )
    certificates = forms.MultipleChoiceField(
        label=_("Which certificates do you have?"),
        help_text=_("Some work asks for one. Skip this if you have none."),
        choices=Certificate.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose certificates from the list.")},
    )
    dutch_level = forms.ChoiceField(
        label=_("How well do you speak Dutch?"),
        help_text=_("Choose what fits best. Some work asks for a level."),
        choices=[("", _("I do not say")), *DutchLevel.choices],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose a level of Dutch from the list.")},
    )
    # Two years ahead at most; a day that has passed gets its own message below.
    earliest_start = PlausibleDateField(
        past_days=None,
        future_days=2 * YEAR,
        label=_("From when can you start?"),
        help_text=_("For example: 1 September. Leave it empty if you can start now."),
        required=False,
    )

    FIELDS = (
        "sectors",
        "work_types",
        "hours_min",
        "hours_max",
        "days_available",
        "postcode",
        "max_travel_km",
        "transport",
        "driving_licences",
        "certificates",
        "dutch_level",
        "earliest_start",
    )

    @classmethod
    def initial_from(cls, draft: PortfolioPage) -> dict:
        initial = {name: getattr(draft, name) for name in cls.FIELDS}
        # A distance saved before the editor offered steps shows as the step matching uses.
        initial["max_travel_km"] = reach_band(draft.max_travel_km)
        return initial

    def clean_postcode(self) -> str:
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        postcode, self.place = geo.checked_postcode(text)
        return postcode

    def clean_earliest_start(self) -> datetime.date | None:
        start = self.cleaned_data["earliest_start"]
        if start is not None and start < timezone.localdate():
            raise ValidationError(_("This date has passed. Choose today or a later day."))
        return start

    def clean(self) -> dict:
        cleaned = super().clean()
        low, high = cleaned.get("hours_min"), cleaned.get("hours_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "hours_max",
                _("The most hours must be the same as or more than the least hours."),
            )
        return cleaned

    def page_fields(self) -> dict:
        """The cleaned values as page fields, with the coordinates of the postcode."""
        fields = {name: self.cleaned_data[name] for name in self.FIELDS}
        place = getattr(self, "place", None)
        fields["latitude"] = place.latitude if place else None
        fields["longitude"] = place.longitude if place else None
        return fields


class LanguageForm(EditorForm):
    language = forms.CharField(
        label=_("Language"),
        help_text=_("For example: Dutch, Arabic, English."),
        max_length=60,
        error_messages={"required": _("Write the name of the language.")},
    )
    level = forms.ChoiceField(
        label=_("How well do you speak it?"),
        choices=LanguageLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how well you speak it.")},
    )


class ConsentForm(EditorForm):
    """One switch per audience; the label beside each is the exact consent text that is stored."""

    def __init__(self, *args, texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for audience in Audience:
            self.fields[audience.value] = forms.BooleanField(
                label=texts[audience.value],
                required=False,
                widget=forms.CheckboxInput(attrs={"role": "switch"}),
            )


class SuggestionForm(EditorForm):
    """A coach's suggestion on one step. A skill or work chosen in the picker fixes the step:
    a skill belongs to "What I am good at" and needs a level, work to "What I want"."""

    step = forms.ChoiceField(
        label=_("On which step?"),
        choices=EditorStep.choices,
        error_messages={"required": _("Choose a step.")},
    )
    text = forms.CharField(
        label=_("Your suggestion"),
        help_text=_("Short and simple sentences. For example: Tell about your work at the bakery."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skill_level = forms.TypedChoiceField(
        label=_("How well can they do this, do you think?"),
        choices=SkillLevel.choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how well the jobseeker can do this.")},
    )

    field_order = ["step", "skill_level", "text"]

    def __init__(self, *args, concept: Concept | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.concept = concept
        if concept is None:
            del self.fields["skill_level"]
            return
        self.fields["text"].label = _("Why?")
        self.fields["step"].widget = forms.HiddenInput()
        self.fields["step"].initial = self.concept_step
        if concept.concept_type == ConceptType.OCCUPATION:
            del self.fields["skill_level"]

    @property
    def concept_step(self) -> str | None:
        if self.concept is None:
            return None
        if self.concept.concept_type == ConceptType.OCCUPATION:
            return EditorStep.WISHES
        return EditorStep.SKILLS

    def clean_step(self) -> str:
        # A chosen skill or work decides the step, whatever the hidden field says.
        return self.concept_step or self.cleaned_data["step"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.concept is None and not cleaned.get("text", "").strip():
            self.add_error("text", _("Write your suggestion."))
        return cleaned

    def suggestion_fields(self) -> dict:
        """The cleaned values as the arguments of `suggestion_create`."""
        is_work = self.concept_step == EditorStep.WISHES
        return {
            "step": self.cleaned_data["step"],
            "text": self.cleaned_data["text"],
            "skill": self.concept if self.concept_step == EditorStep.SKILLS else None,
            "skill_level": self.cleaned_data.get("skill_level"),
            "occupation": self.concept if is_work else None,
        }
