"""Forms of proposing someone, and of the jobseeker's and the employer's answers to a proposal.

They only check what was typed; whether the step is possible now is the services' call.
"""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import Organisation

from .models import ContractType, EmployerDeclineReason
from .services import INTERVIEW_WINDOW, PLACEMENT_START_WINDOW

NOTE_ROWS = 3


class JobseekerAgreeForm(forms.Form):
    """Saying yes needs nothing typed: the form carries the refusal message if there is one."""


class JobseekerDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": NOTE_ROWS}),
    )


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": NOTE_ROWS}),
    )


class InterviewForm(forms.Form):
    date = INTERVIEW_WINDOW.field(label=_("Date"))
    time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(
        label=_("Place"), max_length=200, help_text=_("The address, or “by video call”.")
    )
    note = _note_field()

    def interview_at(self) -> datetime:
        """The date and time in the portal's time zone."""
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


class EmployerDeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason")), *EmployerDeclineReason.choices]
    )
    note = _note_field()


class PlacedForm(forms.Form):
    start_date = PLACEMENT_START_WINDOW.field(label=_("Start date"))
    contract_type = forms.ChoiceField(
        label=_("Kind of contract"),
        choices=[("", _("Choose the kind of contract")), *ContractType.choices],
    )
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=60)
    note = _note_field()


class NotPlacedForm(forms.Form):
    note = _note_field()


class ProposeForm(forms.Form):
    """A coach's motivation, and for whom they propose when they coach for several organisations."""

    motivation = forms.CharField(
        label=_("Why does this work fit this person?"),
        help_text=_(
            "The jobseeker and the employer read this. Write in plain words, and leave out"
            " the person's name: the employer may read this before the person says yes."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
    )
    organisation = forms.ModelChoiceField(
        label=_("You propose for"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        # One organisation: nothing to choose, so no question.
        if organisations.count() < 2:
            field.required = False
            field.widget = forms.HiddenInput()


class ChooseVacancyForm(forms.Form):
    """Which of the offered vacancies a coach proposes someone for (the page offers them)."""

    vacature = forms.TypedChoiceField(
        label=_("For which vacancy do you propose this person?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a vacancy."),
            "invalid_choice": _("Choose a vacancy from the list."),
        },
    )

    def __init__(self, data, *, vacancies: list[tuple[int, str]]):
        super().__init__(data)
        self.fields["vacature"].choices = vacancies
