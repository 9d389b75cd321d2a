"""The match explanation stored with a proposal, read back for the jobseeker's and employer's screens.

The explanation is a JSON snapshot of what the coach saw when proposing, written by
`search.selectors.explanation_snapshot`. It is read as plain data here, without this
module importing `search`, so old snapshots keep reading whatever the search code
becomes. Two shapes are understood:
- per skill: ``{"skills": [{"labels": {"nl": …, "en": …} or "label": …, "required": bool,
  "need": int, "have": int | None, "met": bool, "related": bool, "via_labels": {…}}, …],
  "distance_km", "reach_km", "within_reach", "hours_fit", "work_type_wished",
  "occupation_wished"}``;
- labels only: ``{"required_met": [label, …], "required_missing": [label, …],
  "nice_met": [label, …], "distance_km", "within_reach"}``.
Keys that are missing count as "not known", never as a failure: history is not rewritten.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation


@dataclass(frozen=True)
class SkillLine:
    label: str
    required: bool
    met: bool
    have: int | None = None
    need: int | None = None
    # The person's own skill that earned credit for this one, when it is another one.
    via: str = ""
    # Credit through a broader, sibling or co-needed skill: not having the asked one.
    related: bool = False

    @property
    def below_level(self) -> bool:
        return self.have is not None and not self.met and not self.related


@dataclass(frozen=True)
class StoredExplanation:
    skills: list[SkillLine] = field(default_factory=list)
    distance_km: float | None = None
    reach_km: int | None = None
    within_reach: bool = False
    hours_fit: bool = False
    work_type_wished: bool = False
    occupation_wished: bool = False

    @property
    def met_skills(self) -> list[SkillLine]:
        return [skill for skill in self.skills if skill.met]

    @property
    def is_empty(self) -> bool:
        return not (
            self.skills
            or self.distance_km is not None
            or self.hours_fit
            or self.work_type_wished
            or self.occupation_wished
        )


def _label(item: dict[str, Any]) -> str:
    """The skill's name in the reader's language, else Dutch, else whatever was stored."""
    labels = item.get("labels")
    if isinstance(labels, dict) and labels:
        language = (translation.get_language() or "nl")[:2]
        return str(labels.get(language) or labels.get("nl") or next(iter(labels.values())))
    return str(item.get("label", ""))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _skill(item: dict[str, Any]) -> SkillLine:
    have, need = _int(item.get("have")), _int(item.get("need"))
    met = item.get("met", have is not None and need is not None and have >= need)
    via_labels = item.get("via_labels")
    return SkillLine(
        label=_label(item),
        required=bool(item.get("required")),
        met=bool(met),
        have=have,
        need=need,
        via=_label({"labels": via_labels}) if isinstance(via_labels, dict) else "",
        related=have is not None and item.get("related") is True,
    )


def _labels_only(explanation: dict[str, Any]) -> list[SkillLine]:
    groups = (
        ("required_met", True, True),
        ("required_missing", True, False),
        ("nice_met", False, True),
        ("nice_to_have_met", False, True),
    )
    return [
        SkillLine(label=str(label), required=required, met=met)
        for key, required, met in groups
        for label in explanation.get(key) or []
        if isinstance(label, str)
    ]


def stored_explanation(explanation: dict[str, Any] | None) -> StoredExplanation:
    """Read a proposal's stored explanation into lines the templates can show."""
    explanation = explanation if isinstance(explanation, dict) else {}
    skills = explanation.get("skills")
    if isinstance(skills, list):
        lines = [_skill(item) for item in skills if isinstance(item, dict)]
    else:
        lines = _labels_only(explanation)
    distance = explanation.get("distance_km")
    return StoredExplanation(
        skills=[line for line in lines if line.label],
        distance_km=float(distance) if isinstance(distance, int | float) else None,
        reach_km=_int(explanation.get("reach_km")),
        within_reach=bool(explanation.get("within_reach")),
        hours_fit=bool(explanation.get("hours_fit")),
        work_type_wished=bool(explanation.get("work_type_wished")),
        occupation_wished=bool(explanation.get("occupation_wished")),
    )
