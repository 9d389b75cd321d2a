"""Forms of the trajectory screens: the centre's list, one person's progress, the jobseeker's page.

Forms only parse what was typed; whether a step is allowed is the services' call.
"""

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.choices import SkillLevel
from portal.taxonomy.autocomplete import concept_autocomplete
from portal.taxonomy.models import Concept, ConceptStatus

from .models import GoalStatus, TrajectoryStatus
from .selectors import TrajectoryFilters
from .services import (
    GOAL_DUE_WINDOW,
    MODULE_PLANNED_WINDOW,
    PAST_EVENT_WINDOW,
    PLANNED_END_WINDOW,
    SKILL_TYPES,
    TRAJECTORY_START_WINDOW,
)

LEVEL_CHOICES = [(value, f"{value}. {label}") for value, label in SkillLevel.choices]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class TrajectoryFilterForm(forms.Form):
    """The list's filters: a GET form, so a filtered list can be bookmarked."""

    # Every field filters and may stay empty: "(optional)" on each label says nothing.
    marks_optional = False

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *TrajectoryStatus.choices],
        required=False,
    )
    coach = forms.TypedChoiceField(label=_("Coach"), coerce=int, required=False)
    naam = forms.CharField(label=_("Name"), required=False, max_length=100)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", _("All coaches"))] + [
            (person.pk, person.get_full_name() or person.email) for person in staff
        ]

    def filters(self) -> TrajectoryFilters:
        """The chosen filters; a value that is not one of the choices counts as "all"."""
        data = self.cleaned_data if self.is_valid() else {}
        return TrajectoryFilters(
            status=data.get("status", ""),
            coach_id=data.get("coach") or None,
            name=data.get("naam", ""),
        )


class EnrolForm(forms.Form):
    jobseeker = PersonChoiceField(label=_("Jobseeker"), queryset=User.objects.none())
    start_date = TRAJECTORY_START_WINDOW.field(label=_("Start date"))
    planned_end_date = PLANNED_END_WINDOW.field(label=_("Planned end date"), required=False)
    coach = PersonChoiceField(label=_("Coach"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, jobseekers, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jobseeker"].queryset = jobseekers
        self.fields["coach"].queryset = staff
        self.fields["jobseeker"].empty_label = _("Choose a jobseeker")
        self.fields["coach"].empty_label = _("No coach yet")
        self.fields["start_date"].initial = timezone.localdate


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TrajectoryStatus.choices)
    reason = forms.CharField(
        label=_("Reason for ending"),
        help_text=_("Only needed when the trajectory ends."),
        required=False,
        max_length=300,
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == TrajectoryStatus.ENDED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the trajectory ends."))
        return data


class CoachChangeForm(forms.Form):
    coach = PersonChoiceField(label=_("Coach"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = staff
        self.fields["coach"].empty_label = _("No coach")


class SkillPickForm(forms.Form):
    """Pick a skill from the person's own skills, or type the name of another one.

    Typing works without JavaScript: a name that matches one skill (exactly, or as the
    only suggestion) is taken; otherwise the suggestions are shown to choose from.
    """

    skill_required = False

    skill = forms.TypedChoiceField(label=_("Skill"), coerce=int, required=False)
    skill_search = forms.CharField(
        label=_("Or type another skill"),
        help_text=_("For example: forklift, cleaning, cash register."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, known_skills: list[Concept], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", _("Choose a skill"))] + [
            (concept.pk, concept.label()) for concept in known_skills
        ]
        self.known = {concept.pk: concept for concept in known_skills}

    def _typed_skill(self, text: str) -> Concept | None:
        suggestions = concept_autocomplete(
            query=text,
            language=translation.get_language() or "nl",
            types=list(SKILL_TYPES),
            limit=5,
        )
        exact = [item for item in suggestions if item.label.casefold() == text.casefold()]
        chosen = exact[:1] or (suggestions if len(suggestions) == 1 else [])
        if chosen:
            return Concept.objects.filter(
                pk=chosen[0].id, concept_type__in=SKILL_TYPES, status=ConceptStatus.RELEASED
            ).first()
        if suggestions:
            self.add_error(
                "skill_search",
                _("More than one skill fits: %(skills)s. Type the full name of one of them.")
                % {"skills": ", ".join(item.label for item in suggestions)},
            )
        else:
            self.add_error("skill_search", _("No skill found with this name. Try another word."))
        return None

    def clean(self):
        data = super().clean()
        text = (data.get("skill_search") or "").strip()
        concept = None
        if text:
            concept = self._typed_skill(text)
        elif data.get("skill"):
            concept = self.known.get(data["skill"])
        elif self.skill_required and not self.errors:
            self.add_error("skill", _("Choose a skill, or type its name."))
        data["concept"] = concept
        return data


class GoalForm(SkillPickForm):
    text = forms.CharField(
        label=_("Goal"),
        help_text=_('In the words of the jobseeker, e.g. "I drive a forklift on my own by March".'),
        max_length=300,
    )
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        choices=[("", _("No level")), *LEVEL_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )
    due_date = GOAL_DUE_WINDOW.field(label=_("Due date"), required=False)
    field_order = ["text", "skill", "skill_search", "target_level", "due_date"]


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status of the goal"), choices=GoalStatus.choices)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ModuleForm(SkillPickForm):
    name = forms.CharField(label=_("Name of the module"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=2000, required=False)
    certificate = forms.BooleanField(label=_("Gives a certificate"), required=False)
    planned_date = MODULE_PLANNED_WINDOW.field(label=_("Planned date"), required=False)
    field_order = [
        "name",
        "provider",
        "hours",
        "skill",
        "skill_search",
        "certificate",
        "planned_date",
    ]


class ModuleCompleteForm(forms.Form):
    completed_date = PAST_EVENT_WINDOW.field(label=_("Completed on"), initial=timezone.localdate)


class AssessmentForm(SkillPickForm):
    skill_required = True

    level = forms.TypedChoiceField(label=_("Level you saw"), choices=LEVEL_CHOICES, coerce=int)
    assessed_on = PAST_EVENT_WINDOW.field(label=_("Date"), initial=timezone.localdate)
    observation = forms.CharField(
        label=_("What did you see?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["skill", "skill_search", "level", "assessed_on", "observation"]
