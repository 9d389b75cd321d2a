"""Forms of the social-return screens: they parse what was typed; the services decide."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from intermediaries.models import TargetGroup
from portal.choices import Sector
from portal.organisations.models import Organisation

from .models import ReportingRhythm
from .schemes import Bonus, StartingPosition
from .services import ACTIVITY_DATE_WINDOW, OBLIGATION_PERIOD_WINDOW, OUTSIDE_HIRE_START_WINDOW
from .valuation import ActivityKind

MAX_AMOUNT = Decimal("999999999999")


def _euros(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal("0"), max_value=MAX_AMOUNT, decimal_places=2, **kwargs
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class ObligationForm(forms.Form):
    authority = OrganisationChoiceField(label=_("Contracting authority"), queryset=None)
    supplier = OrganisationChoiceField(label=_("Supplier"), queryset=None)
    contract_reference = forms.CharField(label=_("Contract reference"), max_length=64)
    title = forms.CharField(label=_("Contract title"), max_length=200)
    contract_value = _euros(_("Contract value in euros"))
    percentage = forms.DecimalField(
        label=_("Percentage of the contract value"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
        required=False,
        help_text=_("Usually five percent. Or give a fixed amount instead."),
    )
    fixed_amount = _euros(_("Or a fixed amount in euros"), required=False)
    start_date = OBLIGATION_PERIOD_WINDOW.field(label=_("Start of the period"))
    end_date = OBLIGATION_PERIOD_WINDOW.field(label=_("End of the period"))
    reporting_rhythm = forms.TypedChoiceField(
        label=_("The supplier reports"), choices=ReportingRhythm.choices, coerce=int
    )

    def __init__(self, *args, authorities, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.fields["supplier"].queryset = suppliers

    def clean(self):
        data = super().clean()
        one_of_both = (data.get("percentage") is None) != (data.get("fixed_amount") is None)
        if not one_of_both and not {"percentage", "fixed_amount"} & set(self.errors):
            raise forms.ValidationError(_("Give either a percentage or a fixed amount."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        return data


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        # What the employer knows anyway: its own vacancy and the start date.
        return f"{obj.proposal.vacancy.title} — {obj.start_date:%d-%m-%Y}"


class PlacementContributionForm(forms.Form):
    placement = PlacementChoiceField(label=_("Placement at your organisation"), queryset=None)
    months = forms.IntegerField(
        label=_("Months of the contract"),
        min_value=1,
        max_value=60,
        initial=12,
        help_text=_("The value counts pro rata: 6 months is half a year."),
    )
    permanent_contract = forms.BooleanField(label=_("A permanent contract"), required=False)

    def __init__(self, *args, placements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements


class ActivityContributionForm(forms.Form):
    activity_kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    description = forms.CharField(label=_("What you did"), max_length=300)
    date = ACTIVITY_DATE_WINDOW.field(label=_("Date"))
    hours = forms.DecimalField(
        label=_("Employee-hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal("100000"),
        decimal_places=1,
        required=False,
        help_text=_("For an internship, guest lesson or coaching hours."),
    )
    cost = _euros(
        _("Costs in euros"),
        required=False,
        help_text=_("For buying from a social enterprise or another activity."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you reject."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why, so the supplier can put it right."))
        return data


class FteForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    total_fte = forms.DecimalField(
        label=_("Total FTE of your organisation"),
        min_value=Decimal("0.1"),
        max_value=Decimal("1000000"),
        decimal_places=1,
    )


class QuickSelect(forms.Select):
    """A plain select (no option groups) written in Python, with the markup Django's widget
    templates give: the dashboard renders its filters on every request, and rendering each
    option through a template was a tenth of the page's time."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = self.format_value(value)
        selected = next((str(v) for v, _label in self.choices if str(v) in chosen), None)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (v, mark_safe(" selected") if str(v) == selected else "", label)
                for v, label in self.choices
            ),
        )
        # In their order, as django/forms/widgets/attrs.html writes them.
        written = format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
                for key, value in self.build_attrs(self.attrs, attrs).items()
                if value is not False
            ),
        )
        return format_html('<select name="{}"{}>{}\n</select>', name, written, options)


class ImpactFilterForm(forms.Form):
    """The dashboard's filters: a GET form, so a filtered view can be bookmarked."""

    # Every field filters and may stay empty: "(optional)" on each label says nothing.
    marks_optional = False

    year_from = forms.IntegerField(
        label=_("From year"), min_value=2000, max_value=2100, required=False
    )
    year_to = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100, required=False)
    organisation = forms.TypedChoiceField(
        label=_("Coach's organisation"), coerce=int, required=False, widget=QuickSelect
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("All sectors")), *Sector.choices],
        required=False,
        widget=QuickSelect,
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        choices=[("", _("All target groups")), *TargetGroup.choices],
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (organisation.pk, organisation.name) for organisation in organisations
        ]

    def filters(self) -> dict:
        """The chosen filters; a value that is not valid counts as "all"."""
        this_year = timezone.localdate().year
        data = self.cleaned_data if self.is_valid() else {}
        year_to = data.get("year_to") or this_year
        year_from = data.get("year_from") or year_to - 1
        if year_from > year_to:
            year_from, year_to = year_to, year_from
        return {
            "year_from": year_from,
            "year_to": min(year_to, year_from + 9),
            "organisation_id": data.get("organisation") or None,
            "sector": data.get("sector", ""),
            "target_group": data.get("target_group", ""),
        }


class ImpactReportForm(forms.Form):
    """In which language a PDF report is made: the dashboard's or an obligation's progress."""

    language = forms.ChoiceField(
        label=_("Language of the report"), choices=settings.LANGUAGES, widget=QuickSelect
    )


ANSWERS = [("", _("Not known yet")), ("yes", _("Yes")), ("no", _("No"))]


class FollowUpForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2_000_000_000)
    after_6 = forms.ChoiceField(
        label=_("Still working after 6 months?"), choices=ANSWERS, required=False
    )
    after_12 = forms.ChoiceField(
        label=_("Still working after 12 months?"), choices=ANSWERS, required=False
    )

    @staticmethod
    def answer(value: str) -> bool | None:
        return {"yes": True, "no": False}.get(value)


class OutsideHireForm(forms.Form):
    confirming_organisation = OrganisationChoiceField(
        label=_("Intermediary whose coach confirms it"),
        queryset=None,
        help_text=_(
            "The organisation that knows the person, such as their municipality or school."
        ),
    )
    starting_position = forms.ChoiceField(
        label=_("Starting position"), choices=StartingPosition.choices
    )
    bonuses = forms.MultipleChoiceField(
        label=_("Also applies"),
        choices=[(b.value, b.label) for b in Bonus if b != Bonus.PERMANENT_CONTRACT],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_date = OUTSIDE_HIRE_START_WINDOW.field(label=_("Start date"))
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=Decimal("1"), max_value=Decimal("60"), decimal_places=1
    )
    months = forms.IntegerField(
        label=_("Months of the contract"), min_value=1, max_value=60, initial=12
    )
    permanent_contract = forms.BooleanField(label=_("A permanent contract"), required=False)

    def __init__(self, *args, intermediaries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirming_organisation"].queryset = intermediaries


class ConfirmForm(forms.Form):
    contribution = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2_000_000_000
    )
    confirmed = forms.TypedChoiceField(
        label=_("Is this right?"),
        choices=[("yes", _("Yes, this person works there")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, help_text=_("Needed when you say no.")
    )
