"""How the search screens name the parts of a score."""

from django import template
from django.utils.translation import gettext_lazy as _

from portal.choices import Certificate

register = template.Library()

PART_LABELS = {
    "required_met": _("Required skills met"),
    "required_below_level": _("Required skills below the level"),
    "nice_to_have_met": _("Nice-to-have skills met"),
    "related_skills": _("Related skills"),
    "within_reach": _("Within travel distance"),
    "hours_fit": _("Hours fit"),
    "work_type_wished": _("Type of work wished"),
    "occupation_wished": _("Occupation wished"),
    "words_found": _("Words found"),
}


@register.filter
def part_label(rule: str) -> str:
    """The readable name of a scoring rule (see `search.scoring`)."""
    return PART_LABELS[rule]


# How the person's own skill relates to the asked one (`search.spec.Relation`).
BRIDGE_NOTES = {
    "NARROWER": _("has %(skill)s, a specific form of it"),
    "BROADER": _("has %(skill)s, which is broader"),
    "SIBLING": _("has %(skill)s, which is related"),
    "CO_REQUIRED": _("has %(skill)s, often needed together"),
}


@register.filter
def bridge_note(chip) -> str:
    """The bridge of a skill chip in plain words: which own skill earned it, and how."""
    if not chip.via_label:
        return ""
    return BRIDGE_NOTES[chip.fit.relation.name] % {"skill": chip.via_label}


@register.filter
def certificate_label(code: str) -> str:
    """A certificate's name in the active language (`portal.choices.Certificate`)."""
    return str(dict(Certificate.choices).get(code, code))
