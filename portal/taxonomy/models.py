from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ESCO_URI_PREFIX = "http://data.europa.eu/esco/"


class ConceptType(models.TextChoices):
    SKILL = "skill", _("Skill")
    KNOWLEDGE = "knowledge", _("Knowledge")
    OCCUPATION = "occupation", _("Occupation")


class ConceptStatus(models.TextChoices):
    RELEASED = "released", _("Released")
    OBSOLETE = "obsolete", _("Obsolete")


class LabelKind(models.TextChoices):
    PREFERRED = "preferred", _("Preferred label")
    ALTERNATIVE = "alternative", _("Alternative label")
    HIDDEN = "hidden", _("Hidden label")


class Concept(models.Model):
    """A skill, knowledge or occupation concept, compatible with ESCO.

    Concepts taken from ESCO keep their ESCO URI; concepts the starter taxonomy
    adds that ESCO lacks get a URI in our own namespace. Matching always uses
    the concept, never its labels.
    """

    uri = models.CharField(_("concept URI"), max_length=255, unique=True)
    concept_type = models.CharField(
        _("type"), max_length=16, choices=ConceptType.choices, db_index=True
    )
    # Preferred label per language code, e.g. {"nl": "heftruck besturen", "en": "operate forklift"}.
    # The searchable copy of every label lives in ConceptLabel.
    preferred_labels = models.JSONField(_("preferred labels"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ConceptStatus.choices, default=ConceptStatus.RELEASED
    )
    isco_group = models.CharField(_("ISCO group"), max_length=8, blank=True)
    code = models.CharField(_("code"), max_length=64, blank=True)
    reuse_level = models.CharField(_("reuse level"), max_length=32, blank=True)
    broader = models.ManyToManyField(
        "self", symmetrical=False, related_name="narrower", blank=True, verbose_name=_("broader")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["uri"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The preferred label in `language` (default: the active one), falling back to Dutch, then English."""
        language = (language or translation.get_language() or "nl")[:2]
        labels = self.preferred_labels
        return labels.get(language) or labels.get("nl") or labels.get("en") or self.uri

    @property
    def is_esco(self) -> bool:
        return self.uri.startswith(ESCO_URI_PREFIX)


class ConceptLabel(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(_("language"), max_length=8)
    kind = models.CharField(_("kind"), max_length=16, choices=LabelKind.choices)
    text = models.CharField(_("label"), max_length=255)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "kind", "text"], name="unique_concept_label"
            )
        ]
        indexes = [models.Index(fields=["language", "kind"])]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class RelationType(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class OccupationSkill(models.Model):
    """ESCO's occupation → skill relation: what people in this work usually can."""

    occupation = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="skill_relations"
    )
    skill = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="occupation_relations"
    )
    relation_type = models.CharField(_("relation"), max_length=16, choices=RelationType.choices)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="unique_occupation_skill")
        ]

    def __str__(self) -> str:
        return f"{self.occupation} → {self.skill} ({self.relation_type})"
