"""NL Design System classes for Django form widgets, so a field rendered by Django looks like one
written by hand with the design system's classes (`{{ field|nlds }}`, `{% for choice in field|nlds %}`).
"""

import re

from django import template
from django.forms import BoundField

register = template.Library()

CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "file": "tb-file",
    "hidden": "",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


def widget_classes(widget) -> str:
    input_type = getattr(widget, "input_type", None)
    if input_type in CLASSES:
        return CLASSES[input_type]
    if widget.__class__.__name__.endswith("Textarea") or getattr(
        widget, "template_name", ""
    ).endswith("textarea.html"):
        return CLASSES["textarea"]
    if getattr(widget, "allow_multiple_selected", None) is not None or "select" in getattr(
        widget, "template_name", ""
    ):
        return CLASSES["select"]
    return TEXTBOX


@register.filter
def nlds(field: BoundField) -> BoundField:
    """The bound field with the design system's classes on its widget (kept with existing ones)."""
    if not isinstance(field, BoundField):
        return field
    widget = field.field.widget
    classes = widget_classes(widget)
    if classes:
        existing = widget.attrs.get("class", "")
        if classes not in existing:
            widget.attrs["class"] = f"{existing} {classes}".strip()
    return field


@register.filter
def nlds_label(field: BoundField, kind: str = "") -> str:
    """The field's <label> as a design-system form label: Django's, with its colon before an input,
    without it after a checkbox."""
    classes = "utrecht-form-label" + (f" utrecht-form-label--{kind}" if kind else "")
    suffix = "" if kind in ("checkbox", "radio") else None
    return field.label_tag(attrs={"class": classes}, label_suffix=suffix)


# The state of a proposal, vacancy, trajectory, goal or module as a status-badge variant:
# done and good (success), under way (safe), waiting for someone (warning), over (neutral).
BADGE_VARIANTS = {
    "placed": "success",
    "reached": "success",
    "completed": "success",
    "open": "success",
    "proposed": "warning",
    "jobseeker_agreed": "warning",
    "employer_interested": "warning",
    "interview_planned": "warning",
    "draft": "warning",
    "warning": "warning",
    "intake": "safe",
    "training": "safe",
    "job_hunting": "safe",
    "planned": "safe",
}


@register.filter
def badge_variant(state) -> str:
    """`utrecht-status-badge--{{ state|badge_variant }}`: unknown and final states are neutral."""
    return BADGE_VARIANTS.get(str(state), "neutral")


@register.filter
def hyphenate(text) -> str:
    """Soft hyphens in long words (Dutch compounds such as "Toegankelijkheidsverklaring"), so a
    heading breaks between syllables with a hyphen on a 320 px screen instead of inside a
    syllable or sideways out of the screen. Browsers without hyphenation data (Chromium on
    Linux) do not do this by themselves with `hyphens: auto`."""
    import pyphen
    from django.utils.translation import get_language

    language = "nl_NL" if (get_language() or "nl").startswith("nl") else "en_GB"
    dictionary = pyphen.Pyphen(lang=language)
    return re.sub(
        r"\w{19,}", lambda match: dictionary.inserted(match.group(0), hyphen="\u00ad"), str(text)
    )
