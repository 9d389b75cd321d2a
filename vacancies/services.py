"""Writes for employers and vacancies. Callers check permissions; services keep the rules."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import geo
from portal.accounts.models import User, active_language
from portal.audit.services import audit_record, audit_record_each
from portal.choices import Certificate, DrivingLicence, DutchLevel
from portal.links import site_url
from portal.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)
from portal.organisations.services import membership_create, organisation_create
from portal.taxonomy.models import Concept, ConceptStatus, ConceptType
from portal.validation import YEAR, DateWindow

from .models import EmployerProfile, SkillLevel, Vacancy, VacancySkill, VacancyStatus
from .signals import vacancies_changed, vacancy_changed
from .tasks import notify_network_admins_of_new_employer

MAX_HOURS_PER_WEEK = 60
# A start or closing date just typed lies from today up to two years ahead.
VACANCY_DATE_WINDOW = DateWindow(past_days=None, future_days=2 * YEAR)
SKILL_TYPES = (ConceptType.SKILL, ConceptType.KNOWLEDGE)
BULK_BATCH = 1000
# Enum.values walks the enum on every call, which a bulk import does thousands of times.
DRIVING_LICENCES = frozenset(DrivingLicence.values)

# Fields of a vacancy that people edit in the wizard (the rest is state and bookkeeping).
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "occupation",
        "description",
        "work_type",
        "hours_min",
        "hours_max",
        "postcode",
        "start_date",
        "closing_date",
        "places",
        "driving_licences",
        "certificates",
        "dutch_level",
        "support_job_coach",
        "support_adapted_workstation",
        "support_flexible_hours",
        "support_buddy",
        "banenafspraak",
        "counts_for_sroi",
        "sroi_contract",
        "offered_under_pso",
        "show_to_jobseekers",
    }
)


# --- Employers -------------------------------------------------------------------------


@transaction.atomic
def employer_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str = "",
    organisation_name: str,
    kvk_number: str,
    street_address: str,
    postcode: str,
    city: str,
    sector: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    phone: str = "",
    website: str = "",
    pso_level: int = 0,
    banenafspraak: bool = False,
    has_sroi_obligations: bool = False,
    sroi_reference: str = "",
) -> Membership:
    """Create the account, the employer organisation (pending approval) and its profile.

    The person becomes the organisation's admin. They can log in and prepare
    vacancies at once; publishing waits until a network admin approves the
    organisation. Network admins get an e-mail after commit.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("There is already an account for this e-mail address. Log in first.")}
        )
    kvk_number = "".join(kvk_number.split())
    if has_sroi_obligations and not sroi_reference.strip():
        raise ValidationError({"sroi_reference": _("Fill in the reference of the contract.")})
    normalised = geo.normalise_postcode(postcode)
    if normalised is None:
        raise ValidationError({"postcode": geo.NOT_A_POSTCODE})
    place = geo.locate(normalised)
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        preferred_language=active_language(),
    )
    organisation = organisation_create(
        name=organisation_name,
        kind=OrganisationKind.EMPLOYER,
        status=OrganisationStatus.PENDING,
        created_by=user,
        street_address=street_address,
        postcode=normalised,
        city=city or (place.place if place else ""),
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        email=contact_email,
        phone=phone,
        website=website,
    )
    profile = EmployerProfile(
        organisation=organisation,
        kvk_number=kvk_number,
        sector=sector,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        pso_level=pso_level,
        banenafspraak=banenafspraak,
        has_sroi_obligations=has_sroi_obligations,
        sroi_reference=sroi_reference.strip() if has_sroi_obligations else "",
    )
    profile.full_clean(exclude=["organisation"])
    profile.save()
    membership = membership_create(
        user=user, organisation=organisation, role=Role.ORGANISATION_ADMIN, by=user
    )
    audit_record(actor=user, action="employer.register", subject=user, target=organisation)
    site = site_url()  # taken now: the worker has no request to build links from
    transaction.on_commit(
        lambda: notify_network_admins_of_new_employer.enqueue(
            organisation_id=organisation.pk, site=site
        )
    )
    return membership


@transaction.atomic
def employer_profile_update(
    *, profile: EmployerProfile, by: User, **fields: Any
) -> EmployerProfile:
    """Change an employer's KvK number, sector, contact person or social-return profile."""
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.kvk_number = "".join(profile.kvk_number.split())
    if profile.has_sroi_obligations and not profile.sroi_reference.strip():
        raise ValidationError({"sroi_reference": _("Fill in the reference of the contract.")})
    if not profile.has_sroi_obligations:
        profile.sroi_reference = ""
    profile.full_clean(exclude=["organisation"])
    profile.save()
    audit_record(actor=by, action="employer.update_profile", target=profile.organisation)
    return profile


# --- Vacancies: fields -----------------------------------------------------------------


def _check_fields(vacancy: Vacancy, changed: set[str], today: date) -> None:
    """The rules for the vacancy's own fields; raises one ValidationError with every problem."""
    errors: dict[str, list[str]] = {}

    def problem(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if "title" in changed and not vacancy.title.strip():
        problem("title", _("Give the vacancy a title."))
    if vacancy.occupation is not None and vacancy.occupation.concept_type != ConceptType.OCCUPATION:
        problem("occupation", _("Choose an occupation from the list."))
    for field in ("hours_min", "hours_max"):
        value = getattr(vacancy, field)
        if value is not None and not 1 <= value <= MAX_HOURS_PER_WEEK:
            problem(field, _("Fill in between 1 and %(max)s hours.") % {"max": MAX_HOURS_PER_WEEK})
    if (
        vacancy.hours_min is not None
        and vacancy.hours_max is not None
        and vacancy.hours_min > vacancy.hours_max
    ):
        problem("hours_max", _("The most hours cannot be less than the least hours."))
    # A date people just typed may not lie in the past; one saved earlier may (it passed).
    for field, message in (
        ("start_date", _("The start date is in the past.")),
        ("closing_date", _("The closing date is in the past.")),
    ):
        value = getattr(vacancy, field)
        if field in changed and value is not None and value < today:
            problem(field, message)
        elif field in changed:
            try:
                VACANCY_DATE_WINDOW.check(value)
            except ValidationError as error:
                problem(field, error.messages[0])
    if (
        vacancy.start_date is not None
        and vacancy.closing_date is not None
        and vacancy.closing_date < vacancy.start_date
    ):
        problem("closing_date", _("The closing date is before the start date."))
    if not isinstance(vacancy.driving_licences, list) or not set(vacancy.driving_licences) <= (
        DRIVING_LICENCES
    ):
        problem("driving_licences", _("Choose driving licences from the list."))
    if not isinstance(vacancy.certificates, list) or not set(vacancy.certificates) <= set(
        Certificate.values
    ):
        problem("certificates", _("Choose certificates from the list."))
    if vacancy.dutch_level not in ("", *DutchLevel.values):
        problem("dutch_level", _("Choose a level of Dutch from the list."))
    if vacancy.places is not None and vacancy.places < 1:
        problem("places", _("There is at least 1 place."))
    if vacancy.counts_for_sroi and not vacancy.sroi_contract.strip():
        problem("sroi_contract", _("Say which contract the SROI obligation comes from."))
    if errors:
        raise ValidationError(errors)


def _apply(vacancy: Vacancy, fields: dict[str, Any], today: date) -> set[str]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = {name for name, value in fields.items() if getattr(vacancy, name) != value}
    for name, value in fields.items():
        setattr(vacancy, name, value)
    if not vacancy.counts_for_sroi:
        vacancy.sroi_contract = ""
    # Every problem at once, so people fix them in one go.
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: _locate(vacancy) if "postcode" in fields else None,
        lambda: _check_fields(vacancy, changed, today),
    ):
        try:
            check()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return changed


def _locate(vacancy: Vacancy) -> None:
    text = (vacancy.postcode or "").strip()
    if not text:
        vacancy.postcode, vacancy.place, vacancy.latitude, vacancy.longitude = "", "", None, None
        return
    try:
        normalised, place = geo.checked_postcode(text)
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages}) from None
    vacancy.postcode = normalised
    vacancy.place = place.place
    vacancy.latitude, vacancy.longitude = place.latitude, place.longitude


def _vacancy_changed(vacancy_id: int) -> None:
    transaction.on_commit(lambda: vacancy_changed.send(sender=Vacancy, vacancy_id=vacancy_id))


@transaction.atomic
def vacancy_create(*, organisation: Organisation, by: User | None, **fields: Any) -> Vacancy:
    """Start a vacancy as a draft of `organisation` (an employer)."""
    if not organisation.is_employer:
        raise ValidationError(_("Only employers have vacancies."))
    vacancy = Vacancy(organisation=organisation, created_by=by)
    _apply(vacancy, fields, timezone.localdate())
    vacancy.save()
    audit_record(actor=by, action="vacancy.create", target=vacancy)
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, by: User | None, **fields: Any) -> Vacancy:
    """Change what a vacancy says; an open vacancy stays open."""
    changed = _apply(vacancy, fields, timezone.localdate())
    if changed:
        vacancy.save()
        audit_record(
            actor=by, action="vacancy.update", target=vacancy, details={"fields": sorted(changed)}
        )
        _vacancy_changed(vacancy.pk)
    return vacancy


# --- Vacancies: skills -----------------------------------------------------------------


@dataclass(frozen=True)
class SkillChoice:
    concept_id: int
    required: bool = True
    min_level: int = SkillLevel.WITH_HELP


@transaction.atomic
def vacancy_set_skills(*, vacancy: Vacancy, skills: list[SkillChoice], by: User | None) -> None:
    """Replace the vacancy's skills with `skills` (one per concept; the last one counts)."""
    wanted = {choice.concept_id: choice for choice in skills}
    for choice in wanted.values():
        if not 1 <= int(choice.min_level) <= 4:
            raise ValidationError(_("The level goes from 1 to 4."))
    known = set(
        Concept.objects.filter(
            pk__in=wanted, concept_type__in=SKILL_TYPES, status=ConceptStatus.RELEASED
        ).values_list("pk", flat=True)
    )
    existing = {row.concept_id: row for row in vacancy.skills.all()}
    # A concept that became obsolete stays on a vacancy that already had it.
    unknown = set(wanted) - known - set(existing)
    if unknown:
        raise ValidationError(_("Choose skills from the list."))
    VacancySkill.objects.filter(vacancy=vacancy).exclude(concept_id__in=wanted).delete()
    changed = []
    for concept_id, choice in wanted.items():
        row = existing.get(concept_id)
        if row is None:
            VacancySkill.objects.create(
                vacancy=vacancy,
                concept_id=concept_id,
                required=choice.required,
                min_level=choice.min_level,
            )
        elif (row.required, row.min_level) != (choice.required, int(choice.min_level)):
            row.required, row.min_level = choice.required, int(choice.min_level)
            changed.append(row)
    if changed:
        VacancySkill.objects.bulk_update(changed, ["required", "min_level"])
    Vacancy.objects.filter(pk=vacancy.pk).update(updated_at=timezone.now())
    audit_record(
        actor=by,
        action="vacancy.set_skills",
        target=vacancy,
        details={"required": sum(c.required for c in wanted.values()), "total": len(wanted)},
    )
    _vacancy_changed(vacancy.pk)


# --- Vacancies: many at once (bulk import) ----------------------------------------------


@dataclass(frozen=True)
class NewVacancy:
    """What one new vacancy says: its editable fields, and its skills (None: none given)."""

    fields: dict[str, Any]
    skills: list[SkillChoice] | None = None


def _skill_problems(skills: list[SkillChoice], known: set[int]) -> ValidationError | None:
    wanted = {choice.concept_id: choice for choice in skills}
    if any(not 1 <= int(choice.min_level) <= 4 for choice in wanted.values()):
        return ValidationError(_("The level goes from 1 to 4."))
    if set(wanted) - known:
        return ValidationError(_("Choose skills from the list."))
    return None


def vacancies_check_many(
    *, organisation: Organisation, drafts: list[NewVacancy]
) -> list[Vacancy | ValidationError]:
    """Check new vacancies as `vacancy_create` and `vacancy_set_skills` would, writing nothing.

    Per draft: the unsaved vacancy, or the problems the first failing of those two would
    raise. Skills are looked up in one query for all drafts together.
    """
    if not organisation.is_employer:
        error = ValidationError(_("Only employers have vacancies."))
        return [error for _draft in drafts]
    concept_ids = {choice.concept_id for draft in drafts for choice in draft.skills or ()}
    known = set(
        Concept.objects.filter(
            pk__in=concept_ids, concept_type__in=SKILL_TYPES, status=ConceptStatus.RELEASED
        ).values_list("pk", flat=True)
    )
    today = timezone.localdate()
    results: list[Vacancy | ValidationError] = []
    for draft in drafts:
        vacancy = Vacancy(organisation=organisation)
        try:
            _apply(vacancy, draft.fields, today)
        except ValidationError as error:
            results.append(error)
            continue
        problem = _skill_problems(draft.skills, known) if draft.skills is not None else None
        results.append(problem or vacancy)
    return results


@transaction.atomic
def vacancies_create_many(
    *,
    organisation: Organisation,
    by: User | None,
    drafts: list[NewVacancy],
    keep_valid_part: bool = False,
) -> list[Vacancy | ValidationError]:
    """Create drafts of `organisation` in a few inserts, as `vacancy_create` and
    `vacancy_set_skills` would one by one: the same rows, the same audit entries, and one
    "changed" signal for all of them after commit.

    Returns what `vacancies_check_many` finds per draft (saved vacancies for the valid ones).
    Nothing is written when any draft is invalid, unless `keep_valid_part`.
    """
    checked = vacancies_check_many(organisation=organisation, drafts=drafts)
    valid = [
        (vacancy, draft)
        for vacancy, draft in zip(checked, drafts, strict=True)
        if isinstance(vacancy, Vacancy)
    ]
    if len(valid) < len(drafts) and not keep_valid_part:
        return checked
    for vacancy, _draft in valid:
        vacancy.created_by = by
    Vacancy.objects.bulk_create([vacancy for vacancy, _draft in valid], batch_size=BULK_BATCH)
    skill_rows, events = [], []
    for vacancy, draft in valid:
        events.append(("vacancy.create", None, vacancy, None))
        if draft.skills is None:
            continue
        wanted = {choice.concept_id: choice for choice in draft.skills}
        skill_rows.extend(
            VacancySkill(
                vacancy=vacancy,
                concept_id=concept_id,
                required=choice.required,
                min_level=int(choice.min_level),
            )
            for concept_id, choice in wanted.items()
        )
        details = {"required": sum(c.required for c in wanted.values()), "total": len(wanted)}
        events.append(("vacancy.set_skills", None, vacancy, details))
    VacancySkill.objects.bulk_create(skill_rows, batch_size=BULK_BATCH)
    audit_record_each(actor=by, events=events)
    ids = [vacancy.pk for vacancy, _draft in valid]
    if ids:
        transaction.on_commit(lambda: vacancies_changed.send(sender=Vacancy, vacancy_ids=ids))
    return checked


# --- Vacancies: states -----------------------------------------------------------------


def vacancy_problems(vacancy: Vacancy) -> list[str]:
    """What stops this vacancy from being published, in plain words (empty: it can go)."""
    problems = []
    if not vacancy.organisation.is_approved:
        problems.append(_("Your organisation is not approved yet. You can publish after approval."))
    if not vacancy.title.strip():
        problems.append(_("Give the vacancy a title."))
    if not vacancy.work_type:
        problems.append(_("Choose the type of work."))
    if vacancy.hours_min is None or vacancy.hours_max is None:
        problems.append(_("Fill in the hours per week."))
    if vacancy.latitude is None:
        problems.append(_("Fill in the postcode of the workplace."))
    if vacancy.closing_date is not None and vacancy.closing_date < timezone.localdate():
        problems.append(_("The closing date is in the past."))
    if not vacancy.skills.exists():
        problems.append(_("Add at least one skill."))
    return problems


@transaction.atomic
def vacancy_publish(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    """Open the vacancy, if its organisation is approved and it is complete."""
    vacancy = (
        Vacancy.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=vacancy.pk)
    )
    if vacancy.status == VacancyStatus.OPEN and vacancy.effective_status == VacancyStatus.OPEN:
        return vacancy
    problems = vacancy_problems(vacancy)
    if problems:
        raise ValidationError(problems)
    vacancy.status = VacancyStatus.OPEN
    vacancy.published_at = timezone.now()
    vacancy.closed_at = None
    vacancy.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    audit_record(actor=by, action="vacancy.publish", target=vacancy)
    _vacancy_changed(vacancy.pk)
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy: Vacancy, by: User | None, filled: bool = False) -> Vacancy:
    """Close the vacancy (or mark it filled); nobody can react to it any more."""
    vacancy.status = VacancyStatus.FILLED if filled else VacancyStatus.CLOSED
    vacancy.closed_at = timezone.now()
    vacancy.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=by, action="vacancy.fill" if filled else "vacancy.close", target=vacancy)
    _vacancy_changed(vacancy.pk)
    return vacancy


@transaction.atomic
def vacancy_duplicate(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    """A new draft with the same text, place, hours, flags and skills; dates are left empty."""
    copy = Vacancy(
        organisation=vacancy.organisation,
        created_by=by,
        **{name: getattr(vacancy, name) for name in EDITABLE_FIELDS - {"postcode"}},
    )
    copy.postcode, copy.place = vacancy.postcode, vacancy.place
    copy.latitude, copy.longitude = vacancy.latitude, vacancy.longitude
    copy.title = _("Copy of %(title)s") % {"title": vacancy.title}
    copy.title = copy.title[: Vacancy._meta.get_field("title").max_length]
    copy.start_date = copy.closing_date = None
    copy.save()
    VacancySkill.objects.bulk_create(
        VacancySkill(
            vacancy=copy, concept_id=row.concept_id, required=row.required, min_level=row.min_level
        )
        for row in vacancy.skills.all()
    )
    audit_record(actor=by, action="vacancy.duplicate", target=copy, details={"from": vacancy.pk})
    return copy


def vacancies_close_expired(*, today: date | None = None) -> int:
    """Close every open vacancy whose closing date has passed; returns how many.

    Lists already treat those as closed (see `VacancyQuerySet.open`); this makes
    the stored status agree, for reports and for the audit trail.
    """
    today = today or timezone.localdate()
    closed = 0
    with transaction.atomic():
        expired = list(
            Vacancy.objects.select_for_update()
            .filter(status=VacancyStatus.OPEN, closing_date__lt=today)
            .order_by("pk")
        )
        now = timezone.now()
        for vacancy in expired:
            vacancy.status = VacancyStatus.CLOSED
            vacancy.closed_at = now
        Vacancy.objects.bulk_update(expired, ["status", "closed_at"])
        for vacancy in expired:
            audit_record(
                actor=None,
                action="vacancy.close_expired",
                target=vacancy,
                details={"closing_date": vacancy.closing_date.isoformat()},
            )
            _vacancy_changed(vacancy.pk)
        closed = len(expired)
    return closed
