"""Writes to portfolios. Every change records who and when; visibility changes notify after commit."""

import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page, Revision

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.choices import SkillLevel
from portal.organisations.selectors import active_organisation_names
from portal.taxonomy.models import Concept, ConceptType

from .models import (
    Audience,
    ConsentEvent,
    PortfolioConsent,
    PortfolioIndexPage,
    PortfolioPage,
    PortfolioSkill,
)
from .permissions import portfolio_permission_policy
from .signals import portfolio_published, portfolio_visibility_changed


def _visibility_changed(portfolio_id: int) -> None:
    transaction.on_commit(
        lambda: portfolio_visibility_changed.send(sender=PortfolioPage, portfolio_id=portfolio_id)
    )


def portfolio_index() -> PortfolioIndexPage:
    """The page that holds all portfolios, outside the site tree (created when missing)."""
    index = PortfolioIndexPage.objects.first()
    if index is None:
        root = Page.get_first_root_node()
        index = root.add_child(instance=PortfolioIndexPage(title="Portfolios", slug="portfolios"))
    return index


@transaction.atomic
def portfolio_create(*, jobseeker: User) -> PortfolioPage:
    """Start the jobseeker's own portfolio: an empty, unpublished draft that only they see."""
    existing = PortfolioPage.objects.filter(jobseeker=jobseeker).first()
    if existing is not None:
        return existing
    # A neutral title: Wagtail shows page titles in places our policy does not guard.
    page = PortfolioPage(
        title=f"Portfolio {jobseeker.pk}",
        slug=f"portfolio-{jobseeker.pk}",
        jobseeker=jobseeker,
        # No Wagtail owner: the admin lists page owners by name; `jobseeker` is the owner.
        owner=None,
        live=False,
    )
    portfolio_index().add_child(instance=page)
    page.save_revision(user=jobseeker)
    PortfolioConsent.objects.create(portfolio=page)
    audit_record(actor=jobseeker, action="portfolio.create", subject=jobseeker, target=page)
    return page


def portfolio_draft(portfolio: PortfolioPage) -> PortfolioPage:
    """The newest version, draft or published, as the editor shows it.

    Read afresh: the caller's object may predate its own last save, and building on
    it would silently drop that save.
    """
    fresh = PortfolioPage.objects.select_related("latest_revision").get(pk=portfolio.pk)
    return fresh.get_latest_revision_as_object()


@transaction.atomic
def portfolio_save_draft(
    *,
    portfolio: PortfolioPage,
    by: User,
    fields: dict[str, Any] | None = None,
    children: dict[str, list[dict[str, Any]]] | None = None,
) -> PortfolioPage:
    """Save one editor step as a new draft revision; the published version stays as it was.

    `fields` are plain page fields; `children` replaces a child collection
    ("skills", "occupations", "languages") with the given rows.
    """
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker edits their own portfolio."))
    draft = portfolio_draft(portfolio)
    for name, value in (fields or {}).items():
        setattr(draft, name, value)
    for relation, rows in (children or {}).items():
        model = getattr(PortfolioPage, relation).rel.related_model
        getattr(draft, relation).set([model(**row) for row in rows])
    draft.full_clean()
    revision = draft.save_revision(user=by, clean=False)
    audit_record(actor=by, action="portfolio.save_draft", subject=by, target=portfolio)
    return revision.as_object()


@transaction.atomic
def portfolio_publish(*, portfolio: PortfolioPage, by: User) -> PortfolioPage:
    """Make the newest draft the version others see and search (a human always publishes it)."""
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker publishes their own portfolio."))
    # Read the newest revision from the database: the caller's object may predate the last save.
    portfolio = PortfolioPage.objects.select_related("latest_revision").get(pk=portfolio.pk)
    revision = portfolio.latest_revision or portfolio.save_revision(user=by)
    # Our permission policy decided above; Wagtail's page permissions are for site editors.
    revision.publish(user=by, skip_permission_checks=True)
    portfolio_published.send(
        sender=PortfolioPage, portfolio_id=portfolio.pk, jobseeker_id=portfolio.jobseeker_id
    )
    audit_record(actor=by, action="portfolio.publish", subject=by, target=portfolio)
    _visibility_changed(portfolio.pk)
    return PortfolioPage.objects.get(pk=portfolio.pk)


@transaction.atomic
def portfolio_unpublish(*, portfolio: PortfolioPage, by: User) -> None:
    """Take the portfolio offline: nobody but the owner sees it until it is published again."""
    if by != portfolio.jobseeker:
        raise PermissionDenied
    UnpublishPageAction(portfolio, user=by).execute(skip_permission_checks=True)
    audit_record(actor=by, action="portfolio.unpublish", subject=by, target=portfolio)
    _visibility_changed(portfolio.pk)


def consent_text(audience: str) -> str:
    """The sentence the jobseeker sees beside a switch, in the active language; it is stored with each change."""
    texts = {
        Audience.COACH_ORGANISATION: _(
            "The coaches of my organisation may see my portfolio, with my name."
        ),
        Audience.NETWORK: _(
            "Coaches and matchers of other organisations in the network may see my portfolio, "
            "with my name."
        ),
        Audience.EMPLOYERS_ANONYMOUS: _(
            "Employers may see my portfolio without my name, photo or contact details."
        ),
        Audience.EMPLOYERS_NAMED: _(
            "Employers may see my portfolio with my name and contact details."
        ),
    }
    return str(texts[audience])


EMPLOYER_AUDIENCES = (Audience.EMPLOYERS_ANONYMOUS, Audience.EMPLOYERS_NAMED)
WITHOUT_COACH = "employers_without_coach"


def _consent_event(
    *, portfolio: PortfolioPage, by: User, audience: str, granted: bool, text: str
) -> None:
    ConsentEvent.objects.create(
        portfolio=portfolio,
        changed_by=by,
        audience=audience,
        granted=granted,
        text_shown=text,
        language=translation.get_language() or "nl",
    )


def _without_coach_text(granted: bool) -> str:
    if granted:
        return str(
            _(
                "I have no coach organisation, so I share my portfolio with employers myself. "
                "If I get a coach later, this stays until my coach or I change it."
            )
        )
    return str(_("Employers need a coach's yes again before they see my portfolio."))


def _shares_without_coach(consent: PortfolioConsent, jobseeker: User) -> bool:
    """Whether the person's own yes to employers is enough (see `PortfolioConsent`)."""
    if not any(getattr(consent, audience) for audience in EMPLOYER_AUDIENCES):
        return False
    if consent.employers_without_coach:
        return True  # decided earlier without a coach: stays until someone changes it
    return not portfolio_permission_policy.has_coach_organisation(jobseeker)


@transaction.atomic
def consent_set(
    *, portfolio: PortfolioPage, audience: str, granted: bool, by: User
) -> PortfolioConsent:
    """Switch one audience on or off. Counts at once; the search index follows after commit.

    Switching employers on without a coach organisation shares with employers at once
    (recorded as `employers_without_coach`, with its own consent event); switching both
    employer audiences off ends that.
    """
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker decides who sees their portfolio."))
    if audience not in Audience.values:
        raise ValidationError(_("Unknown audience."))
    consent = PortfolioConsent.objects.select_for_update().get(portfolio=portfolio)
    switched = getattr(consent, audience) != granted
    setattr(consent, audience, granted)
    without_coach = _shares_without_coach(consent, portfolio.jobseeker)
    alone_changed = without_coach != consent.employers_without_coach
    if not (switched or alone_changed):
        return consent
    consent.employers_without_coach = without_coach
    consent.updated_at = timezone.now()
    consent.save()
    if switched:
        _record_consent(
            portfolio=portfolio,
            by=by,
            audience=audience,
            granted=granted,
            text=consent_text(audience),
        )
    if alone_changed:
        _record_without_coach(portfolio=portfolio, by=by, granted=without_coach)
    _visibility_changed(portfolio.pk)
    return consent


def _record_consent(
    *, portfolio: PortfolioPage, by: User, audience: str, granted: bool, text: str
) -> None:
    """One switch of consent: the consent event with the text shown, and the audit row."""
    _consent_event(portfolio=portfolio, by=by, audience=audience, granted=granted, text=text)
    audit_record(
        actor=by,
        action="portfolio.consent",
        subject=portfolio.jobseeker,
        target=portfolio,
        details={"audience": audience, "granted": granted},
    )


def _record_without_coach(*, portfolio: PortfolioPage, by: User, granted: bool) -> None:
    _record_consent(
        portfolio=portfolio,
        by=by,
        audience=WITHOUT_COACH,
        granted=granted,
        text=_without_coach_text(granted),
    )


@transaction.atomic
def consent_set_coach_approval(
    *, portfolio: PortfolioPage, approved: bool, by: User
) -> PortfolioConsent:
    """The coach's half of sharing with employers. The caller checks that `by` coaches this person.

    A coach's no also ends what the person shared with employers before they had a coach.
    """
    consent = PortfolioConsent.objects.select_for_update().get(portfolio=portfolio)
    ends_alone = not approved and consent.employers_without_coach
    if consent.coach_approves_employers == approved and not ends_alone:
        return consent
    switched = consent.coach_approves_employers != approved
    consent.coach_approves_employers = approved
    consent.employers_without_coach = consent.employers_without_coach and not ends_alone
    consent.updated_at = timezone.now()
    consent.save()
    if switched:
        _consent_event(
            portfolio=portfolio,
            by=by,
            audience="coach_approves_employers",
            granted=approved,
            text=str(_("As coach, I agree that employers may see this portfolio.")),
        )
        audit_record(
            actor=by,
            action="portfolio.coach_employers",
            subject=portfolio.jobseeker,
            target=portfolio,
            details={"approved": approved},
        )
    if ends_alone:
        _record_without_coach(portfolio=portfolio, by=by, granted=False)
    _visibility_changed(portfolio.pk)
    return consent


def portfolio_record_view(*, portfolio: PortfolioPage, viewer: User, what: str = "page") -> None:
    """Log that someone other than the owner looked at the portfolio (page or PDF)."""
    if viewer == portfolio.jobseeker:
        return
    organisations = active_organisation_names(user=viewer)
    audit_record(
        actor=viewer,
        action="portfolio.view",
        subject=portfolio.jobseeker,
        target=portfolio,
        details={
            "what": what,
            "revision_id": portfolio.live_revision_id,
            "organisations": organisations,
        },
    )


# --- Small edits the jobseeker's editor makes, each saved as a new draft revision. ------

SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)


def _skill_rows(draft: PortfolioPage) -> list[dict[str, Any]]:
    return [
        {
            "concept_id": skill.concept_id,
            "level": skill.level,
            "staff_level": skill.staff_level,
            "note": skill.note,
        }
        for skill in draft.skills.all()
    ]


def _numbered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "sort_order": index} for index, row in enumerate(rows)]


def portfolio_skill_set(
    *, portfolio: PortfolioPage, by: User, concept: Concept, level: int, note: str = ""
) -> PortfolioPage:
    """Add a skill with the jobseeker's own level, or change level and note of one they have.

    A level set by training staff stays as it is, beside the new self-assessment.
    """
    if concept.concept_type not in SKILL_TYPES:
        raise ValidationError(_("This is not a skill."))
    if level not in SkillLevel.values:
        raise ValidationError(_("Choose how well you can do this."))
    rows = _skill_rows(portfolio_draft(portfolio))
    for row in rows:
        if row["concept_id"] == concept.pk:
            row.update(level=level, note=note)
            break
    else:
        rows.append({"concept_id": concept.pk, "level": level, "staff_level": None, "note": note})
    return portfolio_save_draft(portfolio=portfolio, by=by, children={"skills": _numbered(rows)})


def portfolio_skill_remove(*, portfolio: PortfolioPage, by: User, concept_id: int) -> PortfolioPage:
    """Take a skill off the portfolio (the published version keeps it until the next publish)."""
    rows = [
        row for row in _skill_rows(portfolio_draft(portfolio)) if row["concept_id"] != concept_id
    ]
    return portfolio_save_draft(portfolio=portfolio, by=by, children={"skills": _numbered(rows)})


def portfolio_occupation_add(
    *, portfolio: PortfolioPage, by: User, concept: Concept
) -> PortfolioPage:
    """Add work the jobseeker wants to do (an occupation from the taxonomy); twice counts once."""
    if concept.concept_type != ConceptType.OCCUPATION:
        raise ValidationError(_("This is not a kind of work."))
    ids = [occupation.concept_id for occupation in portfolio_draft(portfolio).occupations.all()]
    if concept.pk not in ids:
        ids.append(concept.pk)
    rows = _numbered([{"concept_id": concept_id} for concept_id in ids])
    return portfolio_save_draft(portfolio=portfolio, by=by, children={"occupations": rows})


def portfolio_occupation_remove(
    *, portfolio: PortfolioPage, by: User, concept_id: int
) -> PortfolioPage:
    """Take wanted work off the portfolio."""
    ids = [
        occupation.concept_id
        for occupation in portfolio_draft(portfolio).occupations.all()
        if occupation.concept_id != concept_id
    ]
    rows = _numbered([{"concept_id": concept_id} for concept_id in ids])
    return portfolio_save_draft(portfolio=portfolio, by=by, children={"occupations": rows})


def _language_rows(draft: PortfolioPage) -> list[dict[str, Any]]:
    return [{"language": row.language, "level": row.level} for row in draft.languages.all()]


def portfolio_language_set(
    *, portfolio: PortfolioPage, by: User, language: str, level: str
) -> PortfolioPage:
    """Add a language with how well the jobseeker speaks it, or change the level of one listed."""
    language = " ".join(language.split())
    if not language:
        raise ValidationError(_("Write the name of the language."))
    rows = _language_rows(portfolio_draft(portfolio))
    for row in rows:
        if row["language"].casefold() == language.casefold():
            row["level"] = level
            break
    else:
        rows.append({"language": language, "level": level})
    return portfolio_save_draft(portfolio=portfolio, by=by, children={"languages": _numbered(rows)})


def portfolio_language_remove(
    *, portfolio: PortfolioPage, by: User, language: str
) -> PortfolioPage:
    """Take a language off the portfolio."""
    rows = [
        row
        for row in _language_rows(portfolio_draft(portfolio))
        if row["language"].casefold() != language.casefold()
    ]
    return portfolio_save_draft(portfolio=portfolio, by=by, children={"languages": _numbered(rows)})


def portfolio_narrative_save(
    *,
    portfolio: PortfolioPage,
    by: User,
    block_type: str,
    value: dict[str, Any],
    block_id: str | None = None,
) -> PortfolioPage:
    """Add an experience or education entry, or replace the one with `block_id`.

    An unknown `block_id` (removed meanwhile, or not this person's) raises ObjectDoesNotExist.
    """
    if block_type not in ("experience", "education"):
        raise ValidationError(_("Unknown kind of entry."))
    raw = list(portfolio_draft(portfolio).narrative.raw_data)
    if block_id is None:
        raw.append({"type": block_type, "value": value, "id": str(uuid.uuid4())})
    else:
        position = _block_position(raw, block_id)
        raw[position] = {"type": raw[position]["type"], "value": value, "id": block_id}
    return portfolio_save_draft(portfolio=portfolio, by=by, fields={"narrative": raw})


def portfolio_narrative_remove(
    *, portfolio: PortfolioPage, by: User, block_id: str
) -> PortfolioPage:
    """Take one experience or education entry off the portfolio."""
    raw = list(portfolio_draft(portfolio).narrative.raw_data)
    del raw[_block_position(raw, block_id)]
    return portfolio_save_draft(portfolio=portfolio, by=by, fields={"narrative": raw})


def _block_position(raw: list[dict[str, Any]], block_id: str) -> int:
    for position, block in enumerate(raw):
        if block.get("id") == block_id:
            return position
    raise ObjectDoesNotExist(block_id)


@transaction.atomic
def portfolio_restore_revision(
    *, portfolio: PortfolioPage, by: User, revision_id: int
) -> PortfolioPage:
    """Save an older revision's content as the newest draft; nothing is published by it.

    A revision of another page raises ObjectDoesNotExist, so nobody restores
    (or reads) someone else's portfolio by guessing an id.
    """
    if by != portfolio.jobseeker:
        raise PermissionDenied(_("Only the jobseeker edits their own portfolio."))
    revision = Revision.objects.for_instance(portfolio).get(pk=revision_id)
    restored = revision.as_object()
    new_revision = restored.save_revision(user=by, clean=False, previous_revision=revision)
    audit_record(
        actor=by,
        action="portfolio.restore",
        subject=by,
        target=portfolio,
        details={"revision_id": revision.pk},
    )
    return new_revision.as_object()


def portfolio_skill_set_staff_level(
    *, portfolio: PortfolioPage, concept_id: int, level: int
) -> bool:
    """Put staff's assessed level on the published skill row; the self-assessed level stays.

    Returns whether the published portfolio has this skill. The newest revision gets the
    level too, so the jobseeker's next publish keeps it. The caller checks who may assess.
    """
    with transaction.atomic():
        updated = PortfolioSkill.objects.filter(
            page_id=portfolio.pk, page__live=True, concept_id=concept_id
        ).update(staff_level=level)
        if not updated:
            return False
        latest_id = PortfolioPage.objects.values_list("latest_revision_id", flat=True).get(
            pk=portfolio.pk
        )
        revision = Revision.objects.select_for_update().filter(pk=latest_id).first()
        if revision is not None:
            for row in revision.content.get("skills", []):
                if row.get("concept") == concept_id:
                    row["staff_level"] = level
            revision.save(update_fields=["content"])
        _visibility_changed(portfolio.pk)
    return True
