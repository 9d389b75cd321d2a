"""Test and demo factories for portfolios, going through the services like a jobseeker would."""

from portal.accounts.models import User
from portal.taxonomy.models import Concept, ConceptType

from .models import PortfolioPage
from .services import (
    consent_set,
    consent_set_coach_approval,
    portfolio_create,
    portfolio_publish,
    portfolio_save_draft,
)


def skill_concept(label: str, *, concept_type: str = ConceptType.SKILL) -> Concept:
    slug = label.lower().replace(" ", "-")
    concept, _ = Concept.objects.get_or_create(
        uri=f"https://talentbrug.nl/taxonomie/test/{slug}",
        defaults={"concept_type": concept_type, "preferred_labels": {"nl": label, "en": label}},
    )
    return concept


def make_portfolio(
    *,
    jobseeker: User,
    skills: dict[str, int] | None = None,
    publish: bool = True,
    audiences: tuple[str, ...] = (),
    coach: User | None = None,
    **fields,
) -> PortfolioPage:
    """A portfolio with the given skills ({label: level}), published and shared as asked.

    `coach` switches the coach's half of employer sharing on when given.
    """
    portfolio = portfolio_create(jobseeker=jobseeker)
    rows = [
        {"concept": skill_concept(label), "level": level, "sort_order": index}
        for index, (label, level) in enumerate((skills or {}).items())
    ]
    portfolio_save_draft(
        portfolio=portfolio,
        by=jobseeker,
        fields={"headline": "Ik werk graag met mijn handen", **fields},
        children={"skills": rows},
    )
    if publish:
        portfolio = portfolio_publish(portfolio=portfolio, by=jobseeker)
    for audience in audiences:
        consent_set(portfolio=portfolio, audience=audience, granted=True, by=jobseeker)
    if coach is not None:
        consent_set_coach_approval(portfolio=portfolio, approved=True, by=coach)
    return PortfolioPage.objects.get(pk=portfolio.pk)
