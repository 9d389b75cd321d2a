"""How the search screens name the parts of a score."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

PART_LABELS = {
    "required_met": _("Required skills met"),
    "required_below_level": _("Required skills below the level"),
    "nice_to_have_met": _("Nice-to-have skills met"),
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
