"""A vacancy from typed input (the API's schemas, or a row of an import file), written
through the vacancies services: skills by ESCO URI or by a label naming exactly one skill."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.choices import WorkType
from portal.organisations.models import Organisation
from portal.taxonomy.autocomplete import concept_autocomplete, normalize
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portal.taxonomy.selectors import concepts_by_uri
from vacancies import services
from vacancies.models import Vacancy

from .schemas import VacancyFields

# Fields a client may leave out or send as null to keep (the model stores no null for them).
NOT_NULL = frozenset(
    {
        "title",
        "description",
        "work_type",
        "postcode",
        "places",
        "driving_licences",
        "certificates",
        "dutch_level",
        "sroi_contract",
        "support_job_coach",
        "support_adapted_workstation",
        "support_flexible_hours",
        "support_buddy",
        "banenafspraak",
        "counts_for_sroi",
        "offered_under_pso",
        "show_to_jobseekers",
    }
)


class SkillResolver:
    """Skills by URI, or by a label that names exactly one skill; every problem at once.

    It remembers what it looked up, so the rows of an import file cost one URI query per
    batch (`prefetch`) and one taxonomy lookup per distinct label.
    """

    def __init__(self) -> None:
        self.language = translation.get_language() or "nl"
        self._by_uri: dict[str, Concept | None] = {}
        self._by_label: dict[str, list] = {}

    def prefetch(self, items) -> None:
        uris = {item.uri for item in items if item.uri} - set(self._by_uri)
        if uris:
            found = concepts_by_uri(uris)
            self._by_uri.update({uri: found.get(uri) for uri in uris})

    def _hits(self, label: str) -> list:
        if label not in self._by_label:
            self._by_label[label] = concept_autocomplete(
                query=label, language=self.language, types=list(services.SKILL_TYPES), limit=5
            )
        return self._by_label[label]

    def resolve(self, items) -> list[services.SkillChoice]:
        self.prefetch(items)
        choices, errors = [], {}
        for number, item in enumerate(items):
            concept = None
            if item.uri:
                concept = self._by_uri.get(item.uri)
                if concept is None or concept.concept_type not in services.SKILL_TYPES:
                    concept = None
                    errors[f"skills.{number}.uri"] = [_("There is no skill with this URI.")]
            else:
                hits = self._hits(item.label)
                wanted = normalize(item.label)
                exact = [
                    hit for hit in hits if wanted in (normalize(hit.label), normalize(hit.matched))
                ]
                if exact:
                    concept = Concept(pk=exact[0].id)
                elif hits:
                    errors[f"skills.{number}.label"] = [
                        _("No skill has exactly this label. Did you mean: %(labels)s?")
                        % {"labels": "; ".join(f"{hit.label} ({hit.uri})" for hit in hits)}
                    ]
                else:
                    errors[f"skills.{number}.label"] = [_("No skill has this label.")]
            if concept is not None:
                choices.append(
                    services.SkillChoice(
                        concept_id=concept.pk, required=item.required, min_level=item.min_level
                    )
                )
        if errors:
            raise ValidationError(errors)
        return choices


def resolve_skills(items) -> list[services.SkillChoice]:
    """Each skill by its URI, or by a label that names exactly one skill; every problem at once."""
    return SkillResolver().resolve(items)


def vacancy_fields(
    payload: VacancyFields, *, occupations: dict[str, Concept | None] | None = None
) -> dict[str, Any]:
    """The model fields `payload` sets; `occupations` (URI to concept) remembers lookups."""
    data = payload.model_dump(exclude_unset=True, exclude={"skills", "occupation_uri"})
    fields = {
        name: value for name, value in data.items() if value is not None or name not in NOT_NULL
    }
    if "work_type" in fields:
        fields["work_type"] = WorkType(fields["work_type"]).value
    for name in ("driving_licences", "certificates"):
        if name in fields:
            fields[name] = [str(getattr(code, "value", code)) for code in fields[name]]
    if "dutch_level" in fields:
        fields["dutch_level"] = str(getattr(fields["dutch_level"], "value", fields["dutch_level"]))
    if "occupation_uri" in payload.model_fields_set:
        uri = payload.occupation_uri
        occupation = None
        if uri:
            if occupations is None or uri not in occupations:
                found = Concept.objects.filter(
                    uri=uri, concept_type=ConceptType.OCCUPATION, status=ConceptStatus.RELEASED
                ).first()
                occupations = {} if occupations is None else occupations
                occupations[uri] = found
            occupation = occupations[uri]
            if occupation is None:
                raise ValidationError(
                    {"occupation_uri": [_("There is no occupation with this URI.")]}
                )
        fields["occupation"] = occupation
    return fields


def vacancy_save(
    *,
    user: User | None,
    organisation: Organisation,
    payload: VacancyFields,
    vacancy: Vacancy | None,
) -> Vacancy:
    """Create (when `vacancy` is None) or change a vacancy of `organisation`, with its skills.

    Callers have checked that `user` may; the services check every rule and audit.
    """
    fields = vacancy_fields(payload)
    skills = resolve_skills(payload.skills) if payload.skills is not None else None
    with transaction.atomic():
        if vacancy is None:
            vacancy = services.vacancy_create(organisation=organisation, by=user, **fields)
        else:
            services.vacancy_update(vacancy=vacancy, by=user, **fields)
        if skills is not None:
            services.vacancy_set_skills(vacancy=vacancy, skills=skills, by=user)
    return vacancy
