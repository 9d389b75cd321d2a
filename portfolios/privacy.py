"""My data: "download everything held about me" and "erase my account", both self-service.

The export is one zip (data.json plus the person's files), built in the background
and downloadable by its owner only. Erasure removes the person, their portfolio
with every revision, their files, consent log and documents; audit rows that must
stay (other people's "who looked" lists, placement reports) lose every link to
the person. Both are audited; the erasure event itself names nobody.
"""

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision

from portal.accounts.models import Invitation, User
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.generated_files import (
    JobStatus,
    generated_file_build,
    generated_file_queue,
    generated_files_of,
)
from portal.organisations.models import Membership
from portal.storage import files_delete_after_commit, files_under

from .models import (
    CoachSuggestion,
    ConsentEvent,
    DataExport,
    Evidence,
    PortfolioConsent,
    PortfolioDocument,
    PortfolioPage,
    evidence_folder,
)
from .signals import portfolio_visibility_changed

EXPORT_FORMAT_VERSION = 1

# Other apps hold data about the person too (proposals, trajectories); they add it to the
# export here instead of this app importing them. Name → function of the user giving
# JSON-ready data.
_EXPORT_SECTIONS: dict[str, Callable[[User], Any]] = {}


def register_export_section(name: str, provider: Callable[[User], Any]) -> None:
    """Add `provider(user)`'s data to everyone's "my data" export under `name`."""
    _EXPORT_SECTIONS[name] = provider


# What other apps keep for reports, without the person: run inside the erasure, before
# the account goes (rows that point to it are still there to be scrubbed).
_ERASURE_STEPS: list[Callable[[User], None]] = []


def register_erasure_step(step: Callable[[User], None]) -> None:
    """Have account erasure call `step(user)` first, to anonymise what reports must keep."""
    if step not in _ERASURE_STEPS:
        _ERASURE_STEPS.append(step)


# --- Export --------------------------------------------------------------------------------


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Start building the person's export; older exports (and their files) are removed."""
    old = list(DataExport.objects.filter(user=user))
    names = [(export.file.storage, export.file.name) for export in old if export.file]
    DataExport.objects.filter(pk__in=[export.pk for export in old]).delete()
    export = DataExport.objects.create(user=user)
    audit_record(actor=user, action="data.export", subject=user, target=export)
    files_delete_after_commit(names)
    generated_file_queue(export)
    return export


def _user_data(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
    }


def _portfolio_fields(page: PortfolioPage) -> dict[str, Any]:
    return {
        "headline": page.headline,
        "about_me": page.about_me,
        "photo_evidence": str(page.photo_evidence.public_id) if page.photo_evidence else None,
        "narrative": page.narrative.get_prep_value(),
        "hours_min": page.hours_min,
        "hours_max": page.hours_max,
        "days_available": page.days_available,
        "postcode": page.postcode,
        "max_travel_km": page.max_travel_km,
        "transport": page.transport,
        "driving_licences": page.driving_licences,
        "certificates": page.certificates,
        "dutch_level": page.dutch_level,
        "work_types": page.work_types,
        "sectors": page.sectors,
        "earliest_start": page.earliest_start,
        "support_needs": page.support_needs,
        "skills": [
            {
                "skill": skill.concept.label(),
                "concept_uri": skill.concept.uri,
                "level": skill.level,
                "staff_level": skill.staff_level,
                "note": skill.note,
            }
            for skill in page.skills.all()
        ],
        "occupations": [
            {"work": occupation.concept.label(), "concept_uri": occupation.concept.uri}
            for occupation in page.occupations.all()
        ],
        "languages": [
            {"language": language.language, "level": language.level}
            for language in page.languages.all()
        ],
    }


def _portfolio_data(user: User) -> dict[str, Any] | None:
    portfolio = PortfolioPage.objects.filter(jobseeker=user).first()
    if portfolio is None:
        return None
    revisions = Revision.page_revisions.filter(object_id=str(portfolio.pk)).order_by("created_at")
    consent = PortfolioConsent.objects.filter(portfolio=portfolio).first()
    return {
        "id": str(portfolio.public_id),
        "published": portfolio.live,
        "first_published_at": portfolio.first_published_at,
        "last_published_at": portfolio.last_published_at,
        "published_version": _portfolio_fields(portfolio) if portfolio.live else None,
        "draft": _portfolio_fields(portfolio.get_latest_revision_as_object()),
        "revisions": [
            {
                "id": revision.pk,
                "created_at": revision.created_at,
                "published": revision.pk == portfolio.live_revision_id,
                "content": revision.content,
            }
            for revision in revisions
        ],
        "consent": {
            "coach_organisation": consent.coach_organisation,
            "network": consent.network,
            "employers_anonymous": consent.employers_anonymous,
            "employers_named": consent.employers_named,
            "coach_approves_employers": consent.coach_approves_employers,
            "employers_without_coach": consent.employers_without_coach,
            "updated_at": consent.updated_at,
        }
        if consent
        else None,
        "consent_log": [
            {
                "audience": event.audience,
                "granted": event.granted,
                "text_shown": event.text_shown,
                "language": event.language,
                "when": event.created_at,
                "by_me": event.changed_by_id == user.pk,
            }
            for event in ConsentEvent.objects.filter(portfolio=portfolio).order_by("created_at")
        ],
        "coach_suggestions": [
            {
                "step": suggestion.step,
                "author": str(suggestion.author) if suggestion.author else "",
                "text": suggestion.text,
                "skill": suggestion.skill.label() if suggestion.skill else None,
                "skill_level": suggestion.skill_level,
                "occupation": suggestion.occupation.label() if suggestion.occupation else None,
                "state": suggestion.state,
                "created_at": suggestion.created_at,
                "decided_at": suggestion.decided_at,
            }
            for suggestion in CoachSuggestion.objects.filter(portfolio=portfolio)
            .select_related("author", "skill", "occupation")
            .order_by("created_at", "pk")
        ],
    }


def _audit_data(user: User) -> list[dict[str, Any]]:
    events = (
        AuditEvent.objects.filter(Q(subject=user) | Q(actor=user))
        .select_related("actor")
        .order_by("created_at")
    )
    return [
        {
            "when": event.created_at,
            "who": "me" if event.actor_id == user.pk else (str(event.actor) if event.actor else ""),
            "action": event.action,
            "what": str(event.action_label),
            "object": event.object_repr,
            "details": event.details,
        }
        for event in events
    ]


def data_export_content(*, user: User) -> tuple[dict[str, Any], list[tuple[str, Evidence]]]:
    """The person's data as one JSON-ready dict, and the files that go beside it in the zip."""
    evidence = list(Evidence.objects.filter(owner=user).select_related("concept"))
    files = [
        (f"files/{item.public_id}.{item.file.name.rsplit('.', 1)[-1]}", item)
        for item in evidence
        if item.file
    ]
    file_of = {item.pk: name for name, item in files}
    data = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": _user_data(user),
        "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "active": membership.is_active,
                "since": membership.created_at,
                "until": membership.ended_at,
            }
            for membership in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations": list(
            Invitation.objects.filter(email__iexact=user.email).values(
                "organisation__name", "role", "created_at", "accepted_at", "expires_at"
            )
        ),
        "portfolio": _portfolio_data(user),
        "evidence": [
            {
                "id": str(item.public_id),
                "kind": item.kind,
                "title": item.title,
                "text": item.text,
                "skill": item.concept.label() if item.concept else None,
                "content_type": item.content_type,
                "size": item.size,
                "file": file_of.get(item.pk),
                "added": item.created_at,
            }
            for item in evidence
        ],
        "pdf_cvs": list(
            PortfolioDocument.objects.filter(requested_by=user).values(
                "version", "language", "status", "created_at"
            )
        ),
        "audit_events": _audit_data(user),
    }
    for name, provider in _EXPORT_SECTIONS.items():
        data[name] = provider(user)
    return data, files


def data_export_build(*, export_id: int) -> None:
    """Write the zip into the private storage (runs in the worker; see portal.generated_files)."""
    generated_file_build(DataExport, export_id, render=_data_export_zip)


def _data_export_zip(export: DataExport, progress: Callable[[int], None]) -> bytes:
    data, files = data_export_content(user=export.user)
    progress(30)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        archive.writestr("README.txt", _readme())
        for name, evidence in files:
            with evidence.file.open("rb") as handle:
                archive.writestr(name, handle.read())
    return buffer.getvalue()


def _readme() -> str:
    return str(
        _(
            "Everything Talentbrug holds about you.\n\n"
            "data.json: your account, memberships, portfolio (every saved version), skills, "
            "suggestions from your coach, consent and its log, proof you added, proposals for "
            "work, your caseload and trajectories with goals, modules and assessed levels, and "
            "the log of who looked at or changed your data.\nfiles/: the photos and documents you "
            "uploaded.\n"
        )
    )


def data_export_was_deleted(*, user: User) -> bool:
    """True when the person asked for an export and the clean-up has deleted it since."""
    if DataExport.objects.filter(user=user).exists():
        return False
    # A new request replaces the old export at once, so "asked, and none left" means expired.
    return AuditEvent.objects.filter(subject=user, action="data.export").exists()


def data_export_for_download(*, user: User, public_id) -> DataExport | None:
    return (
        DataExport.objects.filter(public_id=public_id, user=user, status=JobStatus.DONE)
        .exclude(file="")
        .first()
    )


def data_export_record_download(*, export: DataExport, by: User) -> None:
    audit_record(actor=by, action="data.export_download", subject=export.user, target=export)


# --- Erasure -------------------------------------------------------------------------------


def _files_of(user: User) -> list[tuple[Storage, str]]:
    """Every stored file of the person: evidence, and the generated files about them or asked
    by them (CVs, exports, other apps' reports)."""
    names = [
        (item.file.storage, item.file.name)
        for item in Evidence.objects.filter(owner=user)
        if item.file
    ]
    names += generated_files_of(user)
    # Strays too: whatever lies in the person's evidence folder without a row (an upload
    # that failed half-way, a delete that did not go through).
    known = {name for _, name in names}
    storage = Evidence._meta.get_field("file").storage
    names.extend(
        (storage, name)
        for name in files_under(storage, evidence_folder(user.pk))
        if name not in known
    )
    return names


def _scrub_audit(user: User, portfolio: PortfolioPage | None) -> None:
    """Keep the rows (others' logs and reports count them), drop every link to the person."""
    about = Q(subject=user) | Q(object_type=User._meta.label_lower, object_id=str(user.pk))
    if portfolio is not None:
        about |= Q(object_type=PortfolioPage._meta.label_lower, object_id=str(portfolio.pk))
    AuditEvent.objects.filter(about).update(
        subject=None, object_id="", object_repr="", details={"erased": True}
    )
    # What the person did to others' data stays in those people's logs, without the actor.
    for event in AuditEvent.objects.filter(actor=user):
        event.actor = None
        event.object_repr = _without_person(event.object_repr, user)
        event.details = json.loads(_without_person(json.dumps(event.details), user))
        event.save(update_fields=["actor", "object_repr", "details"])


def _without_person(text: str, user: User) -> str:
    for word in (user.email, user.get_full_name(), user.first_name, user.last_name):
        if word and len(word) >= 2:
            text = text.replace(word, "…")
    return text


@transaction.atomic
def account_erase(*, user: User, by: User) -> None:
    """Erase `user` completely, at their own request. Irreversible."""
    if by.pk != user.pk:
        raise PermissionDenied(_("Only you can erase your own account."))
    if user.is_network_admin:
        raise PermissionDenied(_("A network admin account is removed by another network admin."))
    user = User.objects.select_for_update().get(pk=user.pk)
    portfolio = PortfolioPage.objects.filter(jobseeker=user).first()
    files = _files_of(user)
    _scrub_audit(user, portfolio)
    for step in _ERASURE_STEPS:
        step(user)
    if portfolio is not None:
        portfolio_id = portfolio.pk
        # Wagtail's page delete keeps the tree consistent; then its revisions and log go too.
        PortfolioPage.objects.filter(pk=portfolio_id).update(photo_evidence=None)
        portfolio.delete()
        Revision.page_revisions.filter(object_id=str(portfolio_id)).delete()
        PageLogEntry.objects.filter(page_id=portfolio_id).delete()
        transaction.on_commit(
            lambda: portfolio_visibility_changed.send(
                sender=PortfolioPage, portfolio_id=portfolio_id
            )
        )
    Invitation.objects.filter(email__iexact=user.email).delete()
    _erase_login_records(user)
    PageLogEntry.objects.filter(user=user).update(user=None)
    Revision.objects.filter(user=user).update(user=None)
    user.delete()
    # The one row that says it happened names nobody.
    audit_record(actor=None, action="account.erase", details={"had_portfolio": bool(portfolio)})
    files_delete_after_commit(files)


def _erase_login_records(user: User) -> None:
    """Login throttling keeps the e-mail address as a user name: those rows go too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
