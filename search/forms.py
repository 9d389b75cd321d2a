"""The search screens' forms: free text, distance, "only complete", facets; and proposing.

The query parameters are Dutch, like the rest of the portal's URLs. A bad value
gets a message beside its field and is left out of the search; the other
choices still count, and what was typed stays in the form.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import geo
from portal.choices import DrivingLicence, WorkType
from portal.organisations.models import Organisation
from portal.taxonomy.models import Concept, ConceptType

from .backends.base import HOURS_STEPS
from .extensions import organisation_facets
from .models import SavedSearch
from .spec import CandidateFilters, FreeCriteria, Must, Point, VacancyFilters

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

    # Every field filters and may stay empty: "(optional)" on each label says nothing.
    marks_optional = False

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


MAX_FREE_SKILLS = 10
MAX_CONCEPT_ID = 2**31 - 1
SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)


class ConceptIdsField(forms.Field):
    """Concept ids picked from the taxonomy (hidden or ticked): whole numbers, a few at most.

    Whether they still exist is the form's question: a saved search keeps ids, and a
    concept removed from the taxonomy since is left out with a notice, not an error.
    """

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": CHOOSE_FROM_LIST,
        "too_many": _("Choose at most %(limit)s skills."),
    }

    def __init__(self, *, limit: int, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = []
        for item in values:
            text = str(item).strip()
            if not text:
                continue
            if not (text.isascii() and text.isdigit() and 0 < int(text) <= MAX_CONCEPT_ID):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(int(text))
        return list(dict.fromkeys(ids))

    def validate(self, value: list[int]) -> None:
        super().validate(value)
        if len(value) > self.limit:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.limit}
            )


class FreeSearchForm(SearchForm):
    """A free candidate search: skills and work from the taxonomy, a place and distance,
    hours, type of work and driving licences. `criteria()` is what it asks.

    Typed words to find a skill or work (`vaardigheid_zoek`, `beroep_zoek`) only
    offer concepts to tick (`search.views`), they do not search by themselves.
    """

    vaardigheid = ConceptIdsField(label=_("Skills"), limit=MAX_FREE_SKILLS, required=False)
    vaardigheid_zoek = forms.CharField(
        label=_("Add a skill: type a word"),
        help_text=_("For example: forklift, cleaning, cash register."),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    beroep = ConceptIdsField(label=_("Work they want"), limit=1, required=False)
    beroep_zoek = forms.CharField(
        label=_("Work they want: type a word"),
        help_text=_("For example: warehouse, kitchen, gardener."),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    plaats = forms.CharField(
        label=_("Near (postcode or town)"),
        help_text=_("For example: 9641 or Veendam."),
        required=False,
        max_length=MAX_PLACE_LENGTH,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    uren = forms.TypedChoiceField(
        label=_("Can work per week, at least"),
        choices=[(hours, hours) for hours in HOURS_STEPS],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    rijbewijs = forms.MultipleChoiceField(
        label=_("Has driving licence"),
        choices=DrivingLicence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )

    field_order = ("vaardigheid_zoek", "beroep_zoek", "plaats", "straal", "uren", "soort")

    def __init__(self, data):
        super().__init__(data)
        self.fields["compleet"].label = _("Only people with every chosen skill")
        self.fields["soort"].label = _("Wants this type of work")
        self.fields["soort"].widget = forms.CheckboxSelectMultiple(choices=WorkType.choices)
        # Labelled here, in the language of the request.
        self.fields["uren"].choices = [("", gettext("No preference"))] + [
            (hours, gettext("%(hours)s hours") % {"hours": hours}) for hours in HOURS_STEPS
        ]
        # Told, not refused: a skill that left the taxonomy since a search was saved.
        self.notices: list[str] = []
        self.skills: list[Concept] = []
        self.occupation: Concept | None = None
        self.point: Point | None = None

    def _concepts(self, name: str, types) -> list[Concept]:
        ids = self.cleaned_data.get(name) or []
        found = {
            concept.pk: concept
            for concept in Concept.objects.filter(pk__in=ids, concept_type__in=types).only(
                "pk", "uri", "preferred_labels", "concept_type"
            )
        }
        if len(found) < len(ids):
            self.notices.append(
                str(
                    _(
                        "A skill or work of this search is no longer in the list of skills;"
                        " it was left out."
                    )
                )
            )
        return [found[pk] for pk in ids if pk in found]

    def clean_plaats(self) -> str:
        text = self.cleaned_data["plaats"].strip()
        if text and _locate(text) is None:
            raise ValidationError(
                _("We do not know this place. Type a postcode (1234) or the name of a town.")
            )
        return text

    def clean(self):
        cleaned = super().clean()
        self.skills = self._concepts("vaardigheid", SKILL_TYPES)
        occupations = self._concepts("beroep", (ConceptType.OCCUPATION,))
        self.occupation = occupations[0] if occupations else None
        place = _locate(cleaned.get("plaats") or "")
        self.point = Point(place.latitude, place.longitude) if place else None
        if cleaned.get("straal") and place is None and "plaats" not in self.errors:
            self.add_error("straal", _("Fill in a place to search within a distance."))
        return cleaned

    def criteria(self) -> FreeCriteria:
        """What the form asks; a bad value counts as not chosen (its message is shown)."""
        return FreeCriteria(
            skill_ids=tuple(concept.pk for concept in self.skills),
            occupation_id=self.occupation.pk if self.occupation else None,
            location=self.point,
            radius_km=self._value("straal") if self.point else None,
            min_hours=self._value("uren"),
            work_types=frozenset(self._value("soort", ())),
            driving_licences=frozenset(self._value("rijbewijs", ())),
            only_complete=bool(self._value("compleet")),
            text=self.text,
        )

    def filters(self) -> CandidateFilters:
        """The facet choices of the result page (the criteria say the rest)."""
        return CandidateFilters(municipalities=frozenset(self._value("gemeente", ())))


# What a saved search keeps: the free search form's values, each with its type.
STORED_LISTS = ("vaardigheid", "beroep", "soort", "rijbewijs")
STORED_TEXTS = ("plaats", "tekst")
STORED_NUMBERS = ("straal", "uren")


def stored_criteria(form: FreeSearchForm) -> dict:
    """The valid values of a free search, as JSON to keep (a bad value is left out)."""
    value = form._value
    return {
        "vaardigheid": [concept.pk for concept in form.skills],
        "beroep": [form.occupation.pk] if form.occupation else [],
        "plaats": value("plaats", ""),
        "straal": value("straal"),
        "uren": value("uren"),
        "soort": sorted(value("soort", ())),
        "rijbewijs": sorted(value("rijbewijs", ())),
        "compleet": bool(value("compleet")),
        "tekst": value("tekst", ""),
    }


def criteria_query(stored: object) -> QueryDict:
    """Kept criteria as the query of the free search page, which checks them again.

    Anything not of its kept type is dropped here: the stored JSON is not trusted
    more than a URL.
    """
    query = QueryDict(mutable=True)
    if not isinstance(stored, dict):
        return query
    for name in STORED_LISTS:
        values = stored.get(name)
        if isinstance(values, list):
            query.setlist(name, [str(v) for v in values if isinstance(v, int | str)])
    for name in STORED_TEXTS:
        if isinstance(stored.get(name), str) and stored[name]:
            query[name] = stored[name]
    for name in STORED_NUMBERS:
        number = stored.get(name)
        if isinstance(number, int) and not isinstance(number, bool):
            query[name] = str(number)
    if stored.get("compleet") is True:
        query["compleet"] = "on"
    return query


def _locate(text: str) -> geo.Place | None:
    """A postcode area, or the first area of a town or municipality of that name."""
    if geo.normalise_postcode(text):
        return geo.locate(text)
    wanted = " ".join(text.split()).casefold()
    for place in geo.all_places():
        if place.place.casefold() == wanted or place.municipality.casefold() == wanted:
            return place
    return None


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


class SavedSearchForm(forms.ModelForm):
    """A saved search's name and alert."""

    class Meta:
        model = SavedSearch
        fields = ("name", "alerts", "alert_email")
        labels = {
            "name": _("Name of this search"),
            "alerts": _("Tell me when someone new matches"),
            "alert_email": _("Also send me an e-mail"),
        }
        help_texts = {
            "name": _("For example: forklift drivers near Veendam."),
            "alerts": _("You get a notification in the portal for each new person."),
        }
        error_messages = {
            "name": {
                "required": _("Give the search a name."),
                "max_length": _("Use at most %(limit_value)d characters."),
            }
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Give the search a name."))
        return name


class VacancyAlertForm(forms.Form):
    """A jobseeker's "new vacancies for you": on or off, and whether by e-mail too."""

    aan = forms.BooleanField(label=_("Tell me about new vacancies that fit me"), required=False)
    email = forms.BooleanField(label=_("Also send me an e-mail"), required=False)
