from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

ESCO_URI_PREFIX = "http://data.europa.eu/esco/"


def preferred_label(labels: dict[str, str], uri: str, language: str | None = None) -> str:
    """`Concept.label` for a concept read as values: in `language` (default: the active
    one), falling back to Dutch, then English, then the URI."""
    language = (language or translation.get_language() or "nl")[:2]
    return labels.get(language) or labels.get("nl") or labels.get("en") or uri


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


# Where a label or relation came from. An import replaces only what came from its own
# source family: "esco-1.2.0" replaces "esco-1.1.1" rows, never "starter" or "staff" ones.
SOURCE_STAFF = "staff"
SOURCE_STARTER = "starter"
SOURCE_ESCO_PREFIX = "esco-"
SOURCE_LEGACY = "legacy"  # rows stored before sources were recorded; any import replaces them


def source_family(source: str) -> str:
    """ "esco-1.2.0" → "esco"; "starter" → "starter"."""
    return "esco" if source == "esco" or source.startswith(SOURCE_ESCO_PREFIX) else source


# When two sources say different things about one concept, the first family here wins:
# a network admin's edit, then ESCO, then the starter taxonomy. So ESCO's preferred label
# stays preferred and the starter's becomes an alternative label, whatever the import order.
# Descriptions are the exception: the starter's are written at B1 for jobseekers.
SOURCE_PRIORITY = (SOURCE_STAFF, "esco", SOURCE_STARTER, SOURCE_LEGACY)
DESCRIPTION_PRIORITY = (SOURCE_STAFF, SOURCE_STARTER, "esco", SOURCE_LEGACY)


def source_rank(source: str, priority: tuple[str, ...] = SOURCE_PRIORITY) -> tuple[int, str]:
    family = source_family(source)
    return (priority.index(family) if family in priority else len(priority), source)


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
        "self",
        symmetrical=False,
        related_name="narrower",
        blank=True,
        verbose_name=_("broader"),
        through="ConceptBroader",
        through_fields=("from_concept", "to_concept"),
    )
    # What each source said about this concept, by source ("esco-1.2.0", "starter",
    # "staff"): {"concept_type", "status", "preferred_labels", "descriptions", "isco_group",
    # "code", "reuse_level"}. The fields above are resolved from it by SOURCE_PRIORITY.
    source_data = models.JSONField(_("data per source"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["uri"]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The preferred label in `language` (default: the active one), falling back to Dutch, then English."""
        return preferred_label(self.preferred_labels, self.uri, language)

    @property
    def is_esco(self) -> bool:
        return self.uri.startswith(ESCO_URI_PREFIX)


class ConceptBroader(models.Model):
    """A broader link: `to_concept` is broader than `from_concept`; `sources` says who says so.

    The table of `Concept.broader` (the names of Django's automatic table are kept), one row
    per pair, so `concept.broader.all()` and `concept.narrower.all()` list each concept once.
    """

    from_concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+")
    to_concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="+")
    sources = models.JSONField(_("sources"), default=list, blank=True)

    class Meta:
        db_table = "taxonomy_concept_broader"
        unique_together = [("from_concept", "to_concept")]
        verbose_name = _("broader link")
        verbose_name_plural = _("broader links")

    def __str__(self) -> str:
        return f"{self.from_concept_id} → {self.to_concept_id}"


class ConceptLabel(models.Model):
    """One label of a concept as one source gives it.

    The same text from two sources is two rows, so an import can replace its own without
    touching the other's. A source's preferred label that is not the concept's preferred
    label (another source wins, see SOURCE_PRIORITY) is stored as an alternative label.
    """

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(_("language"), max_length=8)
    kind = models.CharField(_("kind"), max_length=16, choices=LabelKind.choices)
    text = models.CharField(_("label"), max_length=255)
    source = models.CharField(_("source"), max_length=64, default=SOURCE_STAFF)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "kind", "text", "source"],
                name="unique_concept_label_source",
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
    # The relation as the source that wins says it (SOURCE_PRIORITY).
    relation_type = models.CharField(_("relation"), max_length=16, choices=RelationType.choices)
    # Source → relation type, e.g. {"esco-1.2.0": "essential", "starter": "optional"}.
    sources = models.JSONField(_("sources"), default=dict, blank=True)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="unique_occupation_skill")
        ]

    def __str__(self) -> str:
        return f"{self.occupation} → {self.skill} ({self.relation_type})"
