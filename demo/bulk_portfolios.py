"""Portfolios of the generated jobseekers (10k/100k loads), at every stage, in bulk.

Each generated jobseeker gets a `PortfolioPage` under the portfolio index: about a
tenth empty, a fifth a half-done draft, the rest published, most of those shared
with the coach's organisation, about half with the network and about a third with
employers (with the coach's approval). Skills come from the starter taxonomy,
mostly from the occupations the person wants (`OccupationSkill`); the postcode is
in or near their organisation's area.

A portfolio page is a multi-table Wagtail page, which `bulk_create` refuses, so
each batch writes, in one transaction:

1. the `wagtailcore_page` rows: children of the portfolio index numbered on
   after its last child in treebeard's materialised-path encoding (`path` =
   parent path + the child's number in base 36, four characters; `depth` one
   below the index), and the index's `numchild` raised by the batch;
2. the `portfolios_portfoliopage` rows: one INSERT of that table's own columns;
3. one revision per page holding what `save_revision` would hold, and the pages'
   `latest_revision` (and, when published, `live_revision`) pointing at it. As
   after the editor, a draft's content lives in its revision only: its page row
   stays as `portfolio_create` made it;
4. skills, occupations, languages, consent and the consent switches that led to it.

Like the rest of the bulk load: no signals and no audit events, and idempotent
(a jobseeker who has a portfolio is skipped).
"""

import itertools
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import translation
from modelcluster.models import get_serializable_data_for_fields
from wagtail.models import Page, Revision

from portal import geo
from portal.choices import DrivingLicence, Sector, WorkType
from portal.organisations.models import Membership, Organisation, Role
from portal.taxonomy.models import (
    Concept,
    ConceptStatus,
    ConceptType,
    OccupationSkill,
    RelationType,
)
from portfolios.models import (
    Audience,
    ConsentEvent,
    LanguageLevel,
    PortfolioConsent,
    PortfolioLanguage,
    PortfolioOccupation,
    PortfolioPage,
    PortfolioSkill,
)
from portfolios.services import consent_text, portfolio_index

from . import BULK_EMAIL_DOMAIN, phrases
from .bulk_sql import insert_rows

EMPTY, DRAFT, PUBLISHED = "empty", "draft", "published"
STAGES = ((EMPTY, 0.10), (DRAFT, 0.20), (PUBLISHED, 0.70))
# Of the published ones: who may see them.
SHARE_COACH_ORGANISATION = 0.85
SHARE_NETWORK = 0.55  # of those shared with the coach's organisation; 0.2 of the others
SHARE_EMPLOYERS = 0.36
EMPLOYERS_NAMED = 0.25  # of those shared with employers: with their name, not anonymised
COACH_APPROVES = 0.92  # of those shared with employers
TRAVEL_KM = (5, 10, 15, 20, 25, 30, 40, 50)
TRAVEL_WEIGHTS = (2, 5, 5, 6, 5, 4, 2, 1)
HOURS = ((8, 16), (12, 20), (16, 24), (20, 32), (24, 32), (24, 36), (32, 40), (36, 40))
SKILL_LEVELS, SKILL_LEVEL_CUMULATIVE = (1, 2, 3, 4), (1, 4, 8, 10)  # weights 1, 3, 4, 2
# Postcode areas this far from the organisation count as "in or near its area".
NEAR_KM = 25
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
TRANSPORT = ("walk", "bike", "moped", "public_transport", "car", "lift")
POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"
MUSTS_SEED = 13
# The share of people holding each certificate (`portal.choices.Certificate`).
CERTIFICATE_SHARES = {"forklift": 0.12, "reach_truck": 0.04, "vca_basic": 0.15, "bhv": 0.08}
# Dutch: not said, or A1 to C2.
DUTCH_LEVELS = ("", "A1", "A2", "B1", "B2", "C1", "C2")
DUTCH_WEIGHTS = (3, 1, 2, 3, 3, 2, 4)


@dataclass
class _Plan:
    """One jobseeker's portfolio as the loader decided it; written out by `_write_batch`."""

    jobseeker_id: int
    organisation_id: int
    stage: str
    created_at: datetime
    saved_at: datetime
    fields: dict = field(default_factory=dict)
    skills: list[tuple[int, int, int | None]] = field(default_factory=list)
    occupations: list[int] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)
    audiences: tuple[str, ...] = ()
    coach_approves: bool = False


class _Taxonomy:
    """The released occupations with their skills, read once per run."""

    def __init__(self) -> None:
        released = Concept.objects.filter(status=ConceptStatus.RELEASED)
        self.skill_ids = sorted(
            released.filter(concept_type=ConceptType.SKILL).values_list("pk", flat=True)
        )
        usable = set(
            released.filter(
                concept_type__in=[ConceptType.SKILL, ConceptType.KNOWLEDGE]
            ).values_list("pk", flat=True)
        )
        self.essential: dict[int, list[int]] = defaultdict(list)
        self.optional: dict[int, list[int]] = defaultdict(list)
        for occupation_id, skill_id, relation in OccupationSkill.objects.order_by(
            "occupation_id", "skill_id"
        ).values_list("occupation_id", "skill_id", "relation_type"):
            if skill_id in usable:
                target = self.essential if relation == RelationType.ESSENTIAL else self.optional
                target[occupation_id].append(skill_id)
        self.occupations: list[tuple[int, str, str]] = [
            (pk, labels.get("nl") or labels.get("en", ""), isco or "")
            for pk, labels, isco in released.filter(concept_type=ConceptType.OCCUPATION)
            .order_by("pk")
            .values_list("pk", "preferred_labels", "isco_group")
            if pk in self.essential or pk in self.optional
        ]
        self.by_group: dict[str, list[int]] = defaultdict(list)
        for index, (_, _, isco) in enumerate(self.occupations):
            self.by_group[isco[:2]].append(index)


class _PortfolioPlanner:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        # Certificates and Dutch from a stream of their own, so that adding them left
        # every other generated value as it was.
        self.musts_rng = random.Random(MUSTS_SEED)
        self.now = now
        self.today = now.date()
        self.taxonomy = _Taxonomy()
        self.places = geo.all_places()
        self.near: dict[int, list[geo.Place]] = {}
        self.locations = {
            pk: (lat, lon)
            for pk, lat, lon in Organisation.objects.values_list("pk", "latitude", "longitude")
        }

    def plan(self, jobseeker_id: int, organisation_id: int, joined: datetime) -> _Plan:
        rng = self.rng
        stage = rng.choices([s for s, _ in STAGES], [w for _, w in STAGES])[0]
        created_at = min(self.now, joined + timedelta(days=rng.randint(0, 30)))
        saved_at = min(self.now, created_at + timedelta(days=rng.randint(0, 20), minutes=20))
        plan = _Plan(jobseeker_id, organisation_id, stage, created_at, saved_at)
        if stage == EMPTY or not self.taxonomy.occupations:
            return plan
        wanted = self.wanted_occupations(1 if stage == DRAFT else rng.choice((1, 1, 2, 2, 3)))
        plan.occupations = [pk for pk, _, _ in wanted]
        skill_count = rng.randint(2, 7) if stage == DRAFT else rng.randint(8, 18)
        plan.skills = self.skills(plan.occupations, skill_count, assessed=rng.random() < 0.3)
        labels = [label for _, label, _ in wanted]
        plan.fields = {"headline": rng.choice(phrases.HEADLINES).format(work=labels[0])}
        plan.fields["about_me"] = self.about_me(labels, short=stage == DRAFT)
        if stage == DRAFT:
            return plan
        plan.fields.update(self.wishes(organisation_id))
        plan.fields["narrative"] = self.narrative()
        if rng.random() < 0.3:
            plan.fields["support_needs"] = rng.choice(phrases.SUPPORT_NEEDS)
        plan.languages = self.languages()
        plan.audiences, plan.coach_approves = self.consent()
        return plan

    def wanted_occupations(self, count: int) -> list[tuple[int, str, str]]:
        """1–3 occupations, the others in the same ISCO group as the first when possible."""
        occupations = self.taxonomy.occupations
        first = self.rng.randrange(len(occupations))
        family = [i for i in self.taxonomy.by_group[occupations[first][2][:2]] if i != first]
        others = self.rng.sample(family, min(count - 1, len(family)))
        while len(others) < count - 1:
            pick = self.rng.randrange(len(occupations))
            if pick != first and pick not in others:
                others.append(pick)
        return [occupations[i] for i in (first, *others)]

    def skills(
        self, occupation_ids: list[int], count: int, *, assessed: bool
    ) -> list[tuple[int, int, int | None]]:
        """(concept, level, staff level): the occupations' own skills first, a few others after."""
        rng, taxonomy = self.rng, self.taxonomy
        essential = [s for o in occupation_ids for s in taxonomy.essential[o]]
        optional = [s for o in occupation_ids for s in taxonomy.optional[o]]
        rng.shuffle(essential)
        rng.shuffle(optional)
        own = list(dict.fromkeys(essential + optional))[: max(1, count - rng.randint(1, 3))]
        chosen = set(own)
        while len(own) < count and len(chosen) < len(taxonomy.skill_ids):
            skill = rng.choice(taxonomy.skill_ids)
            if skill not in chosen:
                chosen.add(skill)
                own.append(skill)
        levels = rng.choices(SKILL_LEVELS, cum_weights=SKILL_LEVEL_CUMULATIVE, k=len(own))
        rows = []
        for concept_id, level in zip(own, levels, strict=True):
            staff_level = None
            if assessed and rng.random() < 0.3:
                staff_level = max(1, min(4, level + rng.choice((-1, 0, 0, 1))))
            rows.append((concept_id, level, staff_level))
        return rows

    def about_me(self, work: list[str], *, short: bool) -> str:
        rng = self.rng
        first, second = rng.sample(phrases.TRAITS, 2)
        sentences = [f"Ik ben {first} en {second}."]
        if short:
            return " ".join([*sentences, rng.choice(phrases.PREFERENCES)])
        if rng.random() < 0.7:
            template = rng.choice(phrases.EXPERIENCES)
            sentences.append(template.format(years=rng.randint(1, 8), work=rng.choice(work)))
        if rng.random() < 0.5:
            sentences.append(rng.choice(phrases.OTHER_EXPERIENCES))
        sentences += [rng.choice(phrases.PREFERENCES), rng.choice(phrases.WISHES)]
        return " ".join(sentences)

    def place_near(self, organisation_id: int) -> geo.Place:
        if organisation_id not in self.near:
            lat, lon = self.locations.get(organisation_id) or (None, None)
            if lat is None:
                nearby = self.places
            else:
                by_distance = sorted(
                    self.places, key=lambda p: geo.distance_km(lat, lon, p.latitude, p.longitude)
                )
                nearby = [
                    p
                    for p in by_distance
                    if geo.distance_km(lat, lon, p.latitude, p.longitude) <= NEAR_KM
                ] or by_distance[:3]
            self.near[organisation_id] = nearby
        return self.rng.choice(self.near[organisation_id])

    def wishes(self, organisation_id: int) -> dict:
        rng = self.rng
        place = self.place_near(organisation_id)
        hours_min, hours_max = rng.choice(HOURS)
        work_types = [WorkType.PAID_JOB] if rng.random() < 0.8 else []
        work_types += rng.sample(
            [w for w in WorkType.values if w != WorkType.PAID_JOB], rng.choice((0, 1, 1, 2))
        )
        if not work_types:
            work_types = [rng.choice(WorkType.values)]
        licences = []
        if rng.random() < 0.45:
            licences.append(DrivingLicence.B)
            if rng.random() < 0.15:
                licences.append(rng.choice((DrivingLicence.BE, DrivingLicence.C, DrivingLicence.T)))
        elif rng.random() < 0.15:
            licences.append(DrivingLicence.AM)
        transport = rng.sample(TRANSPORT, rng.randint(1, 3))
        if DrivingLicence.B in licences and "car" not in transport:
            transport.append("car")
        return {
            "postcode": f"{place.postcode}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}",
            "latitude": place.latitude,
            "longitude": place.longitude,
            "max_travel_km": rng.choices(TRAVEL_KM, TRAVEL_WEIGHTS)[0],
            "hours_min": hours_min,
            "hours_max": hours_max,
            "work_types": work_types,
            "driving_licences": licences,
            "transport": transport,
            "days_available": sorted(rng.sample(WEEKDAYS, rng.randint(2, 5)), key=WEEKDAYS.index),
            "sectors": rng.sample(
                [s for s in Sector.values if s != Sector.OTHER], rng.randint(0, 2)
            ),
            "earliest_start": (
                self.today + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.4 else None
            ),
            **self.musts(),
        }

    def musts(self) -> dict:
        """What vacancies may require: a few certificates, and most say their Dutch level."""
        rng = self.musts_rng
        certificates = [code for code, share in CERTIFICATE_SHARES.items() if rng.random() < share]
        dutch = rng.choices(DUTCH_LEVELS, DUTCH_WEIGHTS)[0]
        return {"certificates": certificates, "dutch_level": dutch}

    def narrative(self) -> list[dict]:
        rng = self.rng
        blocks = []
        for kind, title, place, description in rng.sample(
            phrases.NARRATIVE_EXPERIENCES, rng.randint(0, 2)
        ):
            start = rng.randint(2012, 2023)
            value = {
                "kind": kind,
                "title": title,
                "place": place,
                "period": f"{start} – {start + rng.randint(1, 3)}",
                "description": description,
            }
            blocks.append({"type": "experience", "value": value, "id": str(uuid.uuid4())})
        if rng.random() < 0.5:
            name, school = rng.choice(phrases.NARRATIVE_EDUCATION)
            value = {
                "name": name,
                "school": school,
                "year": str(rng.randint(2010, 2025)),
                "certificate": rng.random() < 0.6,
            }
            blocks.append({"type": "education", "value": value, "id": str(uuid.uuid4())})
        return blocks

    def languages(self) -> list[tuple[str, str]]:
        rng = self.rng
        if rng.random() < 0.7:
            rows = [("Nederlands", LanguageLevel.NATIVE)]
            if rng.random() < 0.4:
                rows.append((rng.choice(phrases.OTHER_LANGUAGES), LanguageLevel.REASONABLE))
            return rows
        dutch = rng.choice((LanguageLevel.BEGINNER, LanguageLevel.REASONABLE, LanguageLevel.GOOD))
        return [(rng.choice(phrases.OTHER_LANGUAGES), LanguageLevel.NATIVE), ("Nederlands", dutch)]

    def consent(self) -> tuple[tuple[str, ...], bool]:
        rng = self.rng
        audiences = []
        coach_organisation = rng.random() < SHARE_COACH_ORGANISATION
        if coach_organisation:
            audiences.append(Audience.COACH_ORGANISATION)
        if rng.random() < (SHARE_NETWORK if coach_organisation else 0.2):
            audiences.append(Audience.NETWORK)
        approves = False
        if rng.random() < SHARE_EMPLOYERS:
            named = rng.random() < EMPLOYERS_NAMED
            audiences.append(Audience.EMPLOYERS_NAMED if named else Audience.EMPLOYERS_ANONYMOUS)
            approves = rng.random() < COACH_APPROVES
        return tuple(audiences), approves


def _next_child_number(index: Page) -> int:
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)[:1]
    )
    return Page._str2int(last[0][-Page.steplen :]) + 1 if last else 1


PAGE_COLUMNS = (
    "path",
    "depth",
    "numchild",
    "translation_key",
    "locale_id",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "title",
    "draft_title",
    "slug",
    "content_type_id",
    "url_path",
    "owner_id",
    "expired",
    "locked",
    "show_in_menus",
    "seo_title",
    "search_description",
)
# The portfolio's own columns: published ones hold their content, drafts only these.
PORTFOLIO_COLUMNS = ("page_ptr_id", "public_id", "jobseeker_id")
CONTENT_COLUMNS = (
    "headline",
    "about_me",
    "narrative",
    "hours_min",
    "hours_max",
    "days_available",
    "postcode",
    "latitude",
    "longitude",
    "max_travel_km",
    "transport",
    "driving_licences",
    "certificates",
    "dutch_level",
    "work_types",
    "sectors",
    "earliest_start",
    "support_needs",
)


class _Writer:
    def __init__(self) -> None:
        self.index = portfolio_index()
        self.page_type = ContentType.objects.get_for_model(Page).pk
        self.portfolio_type = ContentType.objects.get_for_model(PortfolioPage).pk
        self.coach_of = dict(
            Membership.objects.active()
            .filter(role=Role.COACH)
            .order_by("organisation_id", "-pk")
            .values_list("organisation_id", "user_id")
        )
        # What a new, empty portfolio holds: the draft rows and every revision start from it.
        blank = PortfolioPage(title="", slug="", content_type_id=self.portfolio_type)
        self.empty = {name: getattr(blank, name) for name in CONTENT_COLUMNS}
        self.empty["narrative"] = []  # the raw blocks, as the table stores them
        self.revision_template = get_serializable_data_for_fields(blank)
        # The switches' texts as Dutch jobseekers saw them.
        with translation.override("nl"):
            self.texts = {audience: consent_text(audience) for audience in Audience.values}
            self.texts["coach_approves_employers"] = translation.gettext(
                "As coach, I agree that employers may see this portfolio."
            )

    def write(self, plans: list[_Plan]) -> None:
        """Write one batch of portfolios; the caller holds the transaction."""
        index = Page.objects.select_for_update().get(pk=self.index.pk)
        number = _next_child_number(index)
        depth = index.depth + 1
        pages = []
        for offset, plan in enumerate(plans):
            slug = f"portfolio-{plan.jobseeker_id}"
            title = f"Portfolio {plan.jobseeker_id}"
            published = plan.stage == PUBLISHED
            at = plan.saved_at if published else None
            pages.append(
                {
                    "path": Page._get_path(index.path, depth, number + offset),
                    "depth": depth,
                    "numchild": 0,
                    "translation_key": uuid.uuid4(),
                    "locale_id": index.locale_id,
                    "live": published,
                    "has_unpublished_changes": not published,
                    "first_published_at": at,
                    "last_published_at": at,
                    "latest_revision_created_at": plan.saved_at,
                    "title": title,
                    "draft_title": title,
                    "slug": slug,
                    "content_type_id": self.portfolio_type,
                    "url_path": f"{index.url_path}{slug}/",
                    "owner_id": None,
                    "expired": False,
                    "locked": False,
                    "show_in_menus": False,
                    "seo_title": "",
                    "search_description": "",
                    "public_id": uuid.uuid4(),
                    "jobseeker_id": plan.jobseeker_id,
                }
            )
        insert_rows(Page, PAGE_COLUMNS, ([p[c] for c in PAGE_COLUMNS] for p in pages))
        ids = dict(
            Page.objects.filter(
                depth=depth, path__gte=pages[0]["path"], path__lte=pages[-1]["path"]
            ).values_list("path", "pk")
        )
        for page in pages:
            page["pk"] = ids[page["path"]]
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
        insert_rows(
            PortfolioPage,
            PORTFOLIO_COLUMNS + CONTENT_COLUMNS,
            (self.portfolio_row(plan, page) for plan, page in zip(plans, pages, strict=True)),
        )
        self.write_revisions(plans, pages)
        self.write_children(plans, [page["pk"] for page in pages])

    def portfolio_row(self, plan: _Plan, page: dict) -> tuple:
        # A draft's content lives in its revision; its row stays as `portfolio_create` left it.
        values = plan.fields if plan.stage == PUBLISHED else {}
        content = (values.get(column, self.empty[column]) for column in CONTENT_COLUMNS)
        return (page["pk"], page["public_id"], plan.jobseeker_id, *content)

    def content(self, plan: _Plan, column: str):
        return plan.fields.get(column, self.empty[column])

    def write_revisions(self, plans: list[_Plan], pages: list[dict]) -> None:
        """One revision per page, with what `save_revision` would store for it."""
        rows = []
        for plan, page in zip(plans, pages, strict=True):
            pk = page["pk"]
            content = {
                **self.revision_template,
                **{c: self.content(plan, c) for c in CONTENT_COLUMNS},
                # Stored as StreamField serialises it: the raw blocks as a JSON string.
                "narrative": json.dumps(plan.fields.get("narrative", [])),
                "pk": pk,
                "locale": page["locale_id"],
                "jobseeker": plan.jobseeker_id,
                "public_id": str(page["public_id"]),
                "translation_key": str(page["translation_key"]),
                **{
                    name: page[name]
                    for name in (
                        "path",
                        "depth",
                        "numchild",
                        "live",
                        "has_unpublished_changes",
                        "first_published_at",
                        "last_published_at",
                        "latest_revision_created_at",
                        "title",
                        "draft_title",
                        "slug",
                        "url_path",
                    )
                },
                "skills": [
                    {
                        "pk": None,
                        "page": pk,
                        "concept": concept_id,
                        "level": level,
                        "staff_level": staff_level,
                        "note": "",
                        "sort_order": order,
                    }
                    for order, (concept_id, level, staff_level) in enumerate(plan.skills)
                ],
                "occupations": [
                    {"pk": None, "page": pk, "concept": concept_id, "sort_order": order}
                    for order, concept_id in enumerate(plan.occupations)
                ],
                "languages": [
                    {
                        "pk": None,
                        "page": pk,
                        "language": language,
                        "level": level,
                        "sort_order": order,
                    }
                    for order, (language, level) in enumerate(plan.languages)
                ],
            }
            rows.append(
                (
                    self.portfolio_type,
                    self.page_type,
                    str(pk),
                    plan.saved_at,
                    plan.jobseeker_id,
                    page["title"],
                    content,
                )
            )
        insert_rows(
            Revision,
            (
                "content_type_id",
                "base_content_type_id",
                "object_id",
                "created_at",
                "user_id",
                "object_str",
                "content",
            ),
            rows,
        )
        ids = [page["pk"] for page in pages]
        newest = Revision.objects.filter(
            base_content_type_id=self.page_type,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        ).order_by("-pk")
        Page.objects.filter(pk__in=ids).update(latest_revision_id=Subquery(newest.values("pk")[:1]))
        Page.objects.filter(pk__in=ids, live=True).update(live_revision_id=F("latest_revision_id"))

    def write_children(self, plans: list[_Plan], page_ids: list[int]) -> None:
        skills, occupations, languages, consents, events = [], [], [], [], []
        for plan, page_id in zip(plans, page_ids, strict=True):
            # Only what is published is in the tables; a draft's rows live in its revision.
            if plan.stage == PUBLISHED:
                skills += [
                    (page_id, concept_id, level, staff_level, "", order)
                    for order, (concept_id, level, staff_level) in enumerate(plan.skills)
                ]
                occupations += [
                    (page_id, concept_id, order)
                    for order, concept_id in enumerate(plan.occupations)
                ]
                languages += [
                    (page_id, language, level, order)
                    for order, (language, level) in enumerate(plan.languages)
                ]
            flags = tuple(audience in plan.audiences for audience in Audience.values)
            coach = self.coach_of.get(plan.organisation_id)
            approves = plan.coach_approves and coach is not None
            switched = plan.saved_at + timedelta(minutes=5)
            # Every generated jobseeker belongs to a coach organisation, so none shared
            # with employers without a coach.
            consents.append(
                (page_id, *flags, approves, False, switched if plan.audiences else plan.created_at)
            )
            events += [
                (page_id, plan.jobseeker_id, audience, True, self.texts[audience], "nl", switched)
                for audience in plan.audiences
            ]
            if approves:
                approval = "coach_approves_employers"
                events.append(
                    (
                        page_id,
                        coach,
                        approval,
                        True,
                        self.texts[approval],
                        "nl",
                        switched + timedelta(days=2),
                    )
                )
        insert_rows(
            PortfolioSkill,
            ("page_id", "concept_id", "level", "staff_level", "note", "sort_order"),
            skills,
        )
        insert_rows(PortfolioOccupation, ("page_id", "concept_id", "sort_order"), occupations)
        insert_rows(PortfolioLanguage, ("page_id", "language", "level", "sort_order"), languages)
        insert_rows(
            PortfolioConsent,
            (
                "portfolio_id",
                *Audience.values,
                "coach_approves_employers",
                "employers_without_coach",
                "updated_at",
            ),
            consents,
        )
        insert_rows(
            ConsentEvent,
            (
                "portfolio_id",
                "changed_by_id",
                "audience",
                "granted",
                "text_shown",
                "language",
                "created_at",
            ),
            events,
        )


def jobseekers_without_portfolio() -> list[tuple[int, int, datetime]]:
    """(user, organisation, joined) of the generated jobseekers that have no portfolio yet."""
    return list(
        Membership.objects.filter(
            role=Role.JOBSEEKER,
            user__email__endswith="@" + BULK_EMAIL_DOMAIN,
            user__portfolio__isnull=True,
        )
        .order_by("user_id")
        .values_list("user_id", "organisation_id", "user__date_joined")
    )


def bulk_create_portfolios(
    people: list[tuple[int, int, datetime]],
    *,
    rng: random.Random,
    now: datetime,
    batch_size: int,
    progress=None,
) -> int:
    """Give each (user, organisation, joined) a portfolio; returns how many were made.

    One transaction per batch, like the people: an interrupted run keeps whole
    batches, and the next run gives the rest their portfolio.
    """
    if not people:
        return 0
    planner = _PortfolioPlanner(rng, now)
    writer = _Writer()
    iterator = iter(people)
    while batch := list(itertools.islice(iterator, batch_size)):
        plans = [planner.plan(*person) for person in batch]
        with transaction.atomic():
            writer.write(plans)
        if progress is not None:
            progress(len(batch))
    return len(people)
