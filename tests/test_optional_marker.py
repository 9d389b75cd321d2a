"""Forms mark their optional fields, except filter forms, where every field is optional.

"Sorteren op: (niet verplicht)" broke the caseload's labels over two lines on a phone
and told the coach nothing: a filter left empty simply filters on nothing.
"""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from intermediaries.caseload_forms import CaseloadFilterForm
from search.forms import CandidateSearchForm, FreeSearchForm
from socialreturn.forms import ImpactFilterForm
from training.cohort_forms import CohortFilterForm
from training.forms import TrajectoryFilterForm

FILTER_FORMS = [
    CaseloadFilterForm,
    CohortFilterForm,
    TrajectoryFilterForm,
    CandidateSearchForm,
    FreeSearchForm,
    ImpactFilterForm,
]


class _Question(forms.Form):
    nickname = forms.CharField(label="Roepnaam", required=False)


def _optional_labels(form: forms.Form) -> list[str]:
    with translation.override("nl"):
        return [
            field.name
            for field in form
            if not field.field.required
            and "niet verplicht" in render_to_string("includes/field.html", {"field": field})
        ]


@pytest.mark.parametrize("form_class", FILTER_FORMS, ids=lambda c: c.__name__)
def test_filter_forms_do_not_mark_every_field_optional(form_class):
    form = form_class.__new__(form_class)
    forms.Form.__init__(form)
    assert _optional_labels(form) == []


def test_other_forms_still_mark_their_optional_fields():
    assert _optional_labels(_Question()) == ["nickname"]
