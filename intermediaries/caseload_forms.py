"""Forms of the coach's screens: caseload and proposal filters, choosing a coach, withdrawing,
target group."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User

from .models import MboLevel, TargetGroup
from .selectors import CaseloadFilters

YES_NO = [("", _("No matter")), ("ja", _("Yes")), ("nee", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"ja": True, "nee": False}.get(value)


class CaseloadFilterForm(forms.Form):
    """The caseload's filters and sorting: a GET form, so a filtered list can be bookmarked."""

    # Every field filters and may stay empty: "(optional)" on each label says nothing.
    marks_optional = False

    wie = forms.ChoiceField(
        label=_("Whose jobseekers"),
        choices=[("alle", _("All of this organisation")), ("mijn", _("Only mine"))],
        required=False,
    )
    gepubliceerd = forms.ChoiceField(label=_("Portfolio published"), choices=YES_NO, required=False)
    toestemming = forms.ChoiceField(
        label=_("Shared with"),
        choices=[
            ("", _("No matter")),
            ("coach_organisation", _("Our organisation")),
            ("network", _("Other intermediaries")),
            ("employers_anonymous", _("Employers, without name")),
            ("employers_named", _("Employers, with name")),
            ("none", _("Nobody yet")),
        ],
        required=False,
    )
    voorstellen = forms.ChoiceField(label=_("Open proposals"), choices=YES_NO, required=False)
    sorteer = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("naam", _("Name")), ("activiteit", _("Last activity"))],
        required=False,
    )

    def filters(self) -> CaseloadFilters:
        """The chosen filters; a value that is not one of the choices counts as "no matter"."""
        data = self.cleaned_data if self.is_valid() else {}
        return CaseloadFilters(
            mine_only=data.get("wie") == "mijn",
            published=_yes_no(data.get("gepubliceerd", "")),
            consent=data.get("toestemming", ""),
            open_proposals=_yes_no(data.get("voorstellen", "")),
            order="activity" if data.get("sorteer") == "activiteit" else "name",
        )


class CoachForm(forms.Form):
    """Choose the coach a jobseeker goes to, and the target group the organisation records."""

    coach = forms.ModelChoiceField(
        label=_("Coach"), queryset=User.objects.none(), empty_label=_("Choose a coach")
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        choices=[("", _("Not recorded")), *TargetGroup.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a target group from the list.")},
    )

    def __init__(self, *args, coaches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches


class TargetGroupForm(forms.Form):
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    mbo_level = forms.TypedChoiceField(
        label=_("MBO level (BBL or BOL only)"),
        choices=[("", _("Not a student, or not known")), *MboLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Why do you withdraw it?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProposalStageForm(forms.Form):
    """Which of the organisation's proposals to list: a GET form, so the choice can be bookmarked.

    An unknown value is not an error the coach can fix: the list then shows every proposal.
    """

    toon = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("", _("All proposals")),
            ("lopend", _("Still running")),
            ("geplaatst", _("Placed")),
            ("afgesloten", _("Ended without a placement")),
        ],
        required=False,
    )

    def stage(self) -> str:
        """The chosen stage ("" for all), after validation."""
        return self.cleaned_data["toon"] if self.is_valid() else ""
