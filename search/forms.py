"""The search screens' forms: free text, distance, "only complete", facets; and proposing.

The query parameters are Dutch, like the rest of the portal's URLs. A bad value
gets a message beside its field and is left out of the search; the other
choices still count, and what was typed stays in the form.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.choices import DrivingLicence, WorkType
from portal.organisations.models import Organisation

from .backends.base import HOURS_STEPS
from .extensions import organisation_facets
from .spec import CandidateFilters, Must, VacancyFilters

MAX_TEXT_LENGTH = 100
MAX_RADIUS_KM = 200
MAX_PLACES = 20
MAX_PLACE_LENGTH = 100
CHOOSE_FROM_LIST = _("Choose from the list.")
# The query values of the "widen" switches, one per must.
WIDEN_PARAMS: dict[str, Must] = {
    "rijbewijs": Must.LICENCES,
    "certificaat": Must.CERTIFICATES,
    "taal": Must.DUTCH,
    "afstand": Must.REACH,
    "uren": Must.HOURS,
    "soort": Must.WORK_TYPE,
}


class PlacesField(forms.Field):
    """Municipalities ticked in the facet list: any names the index knows, so no fixed choices."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "too_many": _("Choose at most %(limit)s municipalities."),
        "too_long": _("A municipality name has at most %(limit)s characters."),
    }

    def to_python(self, value) -> list[str]:
        return list(dict.fromkeys(v.strip() for v in value or () if v.strip()))

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_PLACES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_PLACES}
            )
        if any(len(place) > MAX_PLACE_LENGTH for place in value):
            raise ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={"limit": MAX_PLACE_LENGTH},
            )


class SearchForm(forms.Form):
    """What both searches share."""

    tekst = forms.CharField(
        label=_("Words"),
        help_text=_("Results with all these words in their text score a bit higher."),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    straal = forms.IntegerField(
        label=_("Distance, at most (km)"),
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_KM,
        error_messages={
            "invalid": _("Fill in a whole number of kilometres, from 1 to 200."),
            "min_value": _("Fill in a whole number of kilometres, from 1 to 200."),
            "max_value": _("Fill in a whole number of kilometres, from 1 to 200."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    compleet = forms.BooleanField(required=False)
    gemeente = PlacesField(required=False)
    soort = forms.MultipleChoiceField(
        choices=WorkType.choices,
        required=False,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )

    def _value(self, name: str, default=None):
        # Only valid fields are in cleaned_data; a bad one counts as not chosen.
        return self.cleaned_data.get(name) or default

    @property
    def text(self) -> str:
        return self._value("tekst", "")


class CandidateSearchForm(SearchForm):
    """Filters for candidates of one vacancy: its own skills are the skill choices."""

    vaardigheid = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Choose skills of this vacancy.")},
    )
    uren = forms.TypedChoiceField(
        choices=[(hours, hours) for hours in HOURS_STEPS],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    rijbewijs = forms.MultipleChoiceField(
        choices=DrivingLicence.choices,
        required=False,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    # Musts the coach widens on purpose (`Must`); only those the vacancy has are offered.
    ruimer = forms.MultipleChoiceField(
        label=_("Widen on purpose: also show people who miss"),
        choices=[(param, param) for param in WIDEN_PARAMS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )

    def __init__(self, data, *, skill_ids: list[int], musts: Mapping[Must, str] | None = None):
        """`musts`: the vacancy's musts, each with the words that name it."""
        super().__init__(data)
        musts = musts or {}
        self.fields["ruimer"].choices = [
            (param, musts[must]) for param, must in WIDEN_PARAMS.items() if must in musts
        ]
        self.fields["compleet"].label = _("Only candidates with every required skill")
        self.fields["vaardigheid"].choices = [(pk, pk) for pk in skill_ids]
        # Values only the viewer's own organisations recorded (the engine counts and
        # filters them for those organisations alone).
        for facet in organisation_facets():
            self.fields[facet.param] = forms.MultipleChoiceField(
                choices=facet.choices,
                required=False,
                error_messages={"invalid_choice": CHOOSE_FROM_LIST},
            )

    def filters(self) -> CandidateFilters:
        return CandidateFilters(
            radius_km=self._value("straal"),
            only_complete=bool(self._value("compleet")),
            skill_ids=frozenset(self._value("vaardigheid", ())),
            municipalities=frozenset(self._value("gemeente", ())),
            min_hours=self._value("uren"),
            driving_licences=frozenset(self._value("rijbewijs", ())),
            work_types=frozenset(self._value("soort", ())),
            organisation_facets=frozenset(
                (facet.name, value)
                for facet in organisation_facets()
                for value in self._value(facet.param, ())
            ),
            widen=frozenset(WIDEN_PARAMS[param] for param in self._value("ruimer", ())),
        )


class VacancySearchForm(SearchForm):
    """Filters for vacancies that fit one person."""

    def __init__(self, data):
        super().__init__(data)
        self.fields["compleet"].label = _(
            "Only vacancies where every required skill and must is met"
        )

    def filters(self) -> VacancyFilters:
        return VacancyFilters(
            radius_km=self._value("straal"),
            only_complete=bool(self._value("compleet")),
            municipalities=frozenset(self._value("gemeente", ())),
            work_types=frozenset(self._value("soort", ())),
        )


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
