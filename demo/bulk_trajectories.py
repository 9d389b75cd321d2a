"""Trajectories of the generated jobseekers at training centres (10k/100k loads), with COPY.

One in three generated jobseekers of a training centre is in a trajectory there,
started some day in the last 18 months (never before they joined), at the status its
age gives: intake, training, looking for work, placed, or ended with a reason (the
older, the likelier). Each has 2–4 development goals with comments, 1–3 training
modules and 1–4 skill assessments, planned as in the small demo
(`demo.trajectories.plan_trajectory`), on the person's portfolio skills where
a track's goal fits them.

Staff levels stay what the newest assessment says: a published portfolio skill that
was assessed gets that level, in the table search reads and (on PostgreSQL) in the
newest revision, so a later publish keeps it: one UPDATE each per batch. A skill the portfolio load
already gave a staff level without an assessment gets an assessment at that level.

Like the rest of the bulk load: no services, signals or audit events, one
transaction per batch, and idempotent (a person with a trajectory is skipped; who
gets one depends on their id only).
"""

import itertools
import random
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from wagtail.models import Page, Revision

from portal.organisations.models import Membership, Organisation, OrganisationKind, Role
from portal.taxonomy.models import Concept, ConceptType
from portfolios.models import PortfolioSkill
from training.models import (
    DevelopmentGoal,
    GoalComment,
    ModuleStatus,
    SkillAssessment,
    TrainingModule,
    Trajectory,
)

from . import BULK_EMAIL_DOMAIN
from .bulk_sql import insert_rows
from .trajectories import (
    HISTORY_DAYS,
    NEVER,
    OBSERVATIONS,
    TRACKS,
    Phases,
    Story,
    all_labels,
    concept_ids,
    goals_for,
    modules_for,
    plan_trajectory,
)

# Every SHARE-th generated jobseeker of a training centre (by user id) has a trajectory.
SHARE = 3
# Of those who reach the job-hunting phase, this many are never placed.
NOT_PLACED = 0.35
# Chance a trajectory ended: this much at the start, plus ENDED_WITH_AGE at 18 months.
ENDED_AT_START, ENDED_WITH_AGE = 0.08, 0.35

TRAJECTORY_COLUMNS = (
    "jobseeker_id",
    "organisation_id",
    "coach_id",
    "start_date",
    "planned_end_date",
    "status",
    "ended_reason",
    "ended_at",
    "created_at",
)
GOAL_COLUMNS = (
    "trajectory_id",
    "text",
    "concept_id",
    "target_level",
    "status",
    "due_date",
    "created_by_id",
    "created_at",
)
MODULE_COLUMNS = (
    "trajectory_id",
    "name",
    "provider",
    "hours",
    "certificate",
    "planned_date",
    "completed_date",
    "status",
)
ASSESSMENT_COLUMNS = (
    "jobseeker_id",
    "concept_id",
    "level",
    "assessed_on",
    "observation",
    "assessed_by_id",
    "organisation_id",
    "created_at",
)


def jobseekers_without_trajectory() -> list[tuple[int, int, datetime]]:
    """(user, training centre, joined) of the generated jobseekers due a trajectory."""
    rows = (
        Membership.objects.active()
        .filter(
            role=Role.JOBSEEKER,
            organisation__kind=OrganisationKind.TRAINING_CENTRE,
            user__email__endswith="@" + BULK_EMAIL_DOMAIN,
        )
        .filter(~Exists(Trajectory.objects.filter(jobseeker_id=OuterRef("user_id"))))
        .order_by("user_id")
        .values_list("user_id", "organisation_id", "user__date_joined")
    )
    return [row for row in rows if row[0] % SHARE == 0]


class _Planner:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.concepts = concept_ids(all_labels())
        self.labels = {
            pk: names.get("nl") or names.get("en", "")
            for pk, names in Concept.objects.filter(concept_type=ConceptType.SKILL).values_list(
                "pk", "preferred_labels"
            )
        }
        self.tracks = sorted(TRACKS)
        # A module without a provider is given by the training centre itself.
        self.centre_names = dict(
            Organisation.objects.filter(kind=OrganisationKind.TRAINING_CENTRE).values_list(
                "pk", "name"
            )
        )
        # Which track's goals are on which skill, to pick the track that fits a portfolio.
        self.track_of: dict[int, list[str]] = defaultdict(list)
        for name, track in TRACKS.items():
            for _, label, _ in track.goals:
                if label in self.concepts:
                    self.track_of[self.concepts[label]].append(name)
        self.staff: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for organisation_id, user_id, role in (
            Membership.objects.active()
            .filter(
                organisation__kind=OrganisationKind.TRAINING_CENTRE,
                role__in=[Role.COACH, Role.TRAINING_STAFF],
            )
            .order_by("pk")
            .values_list("organisation_id", "user_id", "role")
        ):
            self.staff[organisation_id][role == Role.TRAINING_STAFF].append(user_id)

    def story(self, joined: datetime, self_levels: dict[int, int]) -> Story:
        rng = self.rng
        fitting = [t for c in self_levels for t in self.track_of.get(c, ())]
        track = TRACKS[rng.choice(fitting or self.tracks)]
        joined_ago = max(0, (self.today - joined.date()).days)
        started_ago = rng.randint(0, min(HISTORY_DAYS, joined_ago))
        phases = Phases.draw(rng)
        if rng.random() < NOT_PLACED:
            phases = replace(phases, placed=NEVER)
        return plan_trajectory(
            rng,
            today=self.today,
            started_ago=started_ago,
            phases=phases,
            ended=rng.random() < ENDED_AT_START + ENDED_WITH_AGE * started_ago / HISTORY_DAYS,
            goals=goals_for(rng, track, self.concepts, self_levels, self.labels, rng.randint(2, 4)),
            modules=modules_for(rng, track, self.concepts, rng.randint(1, 3)),
            self_levels=self_levels,
            assessments=rng.randint(1, 4),
        )

    def at(self, day: date, hour: int) -> datetime:
        return min(datetime.combine(day, time(hour), tzinfo=UTC), self.now)


def _portfolio_skills(user_ids: list[int]) -> dict[int, list[tuple[int, int, int, int | None]]]:
    """jobseeker → (page, concept, level, staff level) of their published portfolio's skills."""
    skills = defaultdict(list)
    for row in PortfolioSkill.objects.filter(
        page__jobseeker_id__in=user_ids, page__live=True
    ).values_list("page__jobseeker_id", "page_id", "concept_id", "level", "staff_level"):
        skills[row[0]].append(row[1:])
    return skills


def _write_batch(planner: _Planner, people: list[tuple[int, int, datetime]]) -> None:
    rng = planner.rng
    portfolios = _portfolio_skills([user_id for user_id, _, _ in people])
    plans = []
    for user_id, organisation_id, joined in people:
        skills = portfolios.get(user_id, [])
        story = planner.story(joined, {concept: level for _, concept, level, _ in skills})
        coaches, trainers = planner.staff[organisation_id]
        coach = rng.choice(coaches) if coaches else None
        trainer = rng.choice(trainers) if trainers else coach
        plans.append((user_id, organisation_id, coach, trainer, story, skills))

    insert_rows(
        Trajectory,
        TRAJECTORY_COLUMNS,
        (
            (
                user_id,
                organisation_id,
                coach,
                story.start,
                story.planned_end,
                story.status,
                story.ended_reason,
                planner.at(story.last_day, 15) if story.ended_reason else None,
                planner.at(story.start, 8),
            )
            for user_id, organisation_id, coach, _, story, _ in plans
        ),
    )
    trajectory_of = dict(
        Trajectory.objects.filter(jobseeker_id__in=[p[0] for p in plans]).values_list(
            "jobseeker_id", "pk"
        )
    )
    trajectory_ids = [trajectory_of[p[0]] for p in plans]

    insert_rows(
        DevelopmentGoal,
        GOAL_COLUMNS,
        (
            (
                trajectory_id,
                goal.text,
                goal.concept_id,
                goal.target_level,
                goal.status,
                goal.due,
                coach,
                planner.at(goal.created, 9),
            )
            for trajectory_id, (_, _, coach, _, story, _) in zip(trajectory_ids, plans, strict=True)
            for goal in story.goals
        ),
    )
    # COPY numbers the rows in the order it got them: read the ids back in that order.
    goal_ids = iter(
        DevelopmentGoal.objects.filter(trajectory_id__in=trajectory_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    comments = []
    for user_id, _, coach, trainer, story, _ in plans:
        for goal in story.goals:
            goal_id = next(goal_ids)
            comments += [
                (goal_id, (coach or trainer) if by_staff else user_id, text, planner.at(day, 12))
                for day, by_staff, text in goal.comments
            ]
    insert_rows(GoalComment, ("goal_id", "author_id", "text", "created_at"), comments)

    insert_rows(
        TrainingModule,
        MODULE_COLUMNS,
        (
            (
                trajectory_id,
                plan.module.name,
                plan.module.provider or planner.centre_names[organisation_id],
                plan.module.hours,
                plan.module.certificate,
                plan.planned,
                plan.completed,
                ModuleStatus.COMPLETED if plan.completed else ModuleStatus.PLANNED,
            )
            for trajectory_id, (_, organisation_id, *_, story, _) in zip(
                trajectory_ids, plans, strict=True
            )
            for plan in story.modules
        ),
    )
    module_ids = (
        TrainingModule.objects.filter(trajectory_id__in=trajectory_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    module_plans = (plan for *_, story, _ in plans for plan in story.modules)
    insert_rows(
        TrainingModule.skills.through,
        ("trainingmodule_id", "concept_id"),
        (
            (module_id, concept_id)
            for module_id, plan in zip(module_ids, module_plans, strict=True)
            for concept_id in dict.fromkeys(plan.skills)
        ),
    )

    assessments, staff_levels = _assessments(planner, plans)
    insert_rows(SkillAssessment, ASSESSMENT_COLUMNS, assessments)
    _set_staff_levels(staff_levels)


def _assessments(planner: _Planner, plans: list) -> tuple[list[tuple], list[tuple[int, int, int]]]:
    """The assessment rows, and (page, concept, level) where a published skill's level changes.

    A portfolio skill that already had a staff level but no planned assessment gets one
    at that level, so every staff level of a person in a trajectory has its assessment.
    """
    rng = planner.rng
    rows, staff_levels = [], []
    for user_id, organisation_id, _, trainer, story, skills in plans:
        planned = list(story.assessments)
        assessed = {concept for _, concept, _, _ in planned}
        until = min(planner.today, story.last_day - timedelta(days=1))
        first = min(story.start + timedelta(days=7), until)
        for _, concept, _, staff_level in skills:
            if staff_level is not None and concept not in assessed:
                day = first + timedelta(days=rng.randint(0, (until - first).days))
                planned.append((day, concept, staff_level, rng.choice(OBSERVATIONS[staff_level])))
        latest: dict[int, int] = {}
        for day, concept, level, observation in sorted(planned, key=lambda row: row[0]):
            at = planner.at(day, 11)
            rows.append((user_id, concept, level, day, observation, trainer, organisation_id, at))
            latest[concept] = level
        staff_levels += [
            (page, concept, latest[concept])
            for page, concept, _, staff_level in skills
            if concept in latest and latest[concept] != staff_level
        ]
    return rows, staff_levels


def _set_staff_levels(levels: list[tuple[int, int, int]]) -> None:
    """Put each (page, concept, level) on the published skill and in the page's newest revision."""
    if not levels:
        return
    table = PortfolioSkill._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(
                f"UPDATE {table} SET staff_level = %s WHERE page_id = %s AND concept_id = %s",
                [(level, page, concept) for page, concept, level in levels],
            )
            _set_revision_staff_levels(levels)
            return
        columns = [list(column) for column in zip(*levels, strict=True)]
        values = "SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])"
        cursor.execute(
            f"UPDATE {table} AS s SET staff_level = v.level FROM ({values}) AS v(page, concept, "
            "level) WHERE s.page_id = v.page AND s.concept_id = v.concept",
            columns,
        )
        # The revision holds the skills as a JSON list; rewrite the assessed rows in it.
        cursor.execute(
            f"""
            WITH v(page, concept, level) AS ({values})
            UPDATE wagtailcore_revision AS r
            SET content = jsonb_set(r.content, '{{skills}}', coalesce((
                SELECT jsonb_agg(
                    CASE WHEN v.level IS NULL THEN x.row
                    ELSE jsonb_set(x.row, '{{staff_level}}', to_jsonb(v.level)) END
                    ORDER BY x.n)
                FROM jsonb_array_elements(r.content -> 'skills') WITH ORDINALITY AS x(row, n)
                LEFT JOIN v ON v.page = (x.row ->> 'page')::int
                    AND v.concept = (x.row ->> 'concept')::int), '[]'::jsonb))
            FROM wagtailcore_page AS p
            WHERE p.latest_revision_id = r.id AND p.id IN (SELECT DISTINCT page FROM v)
            """,
            columns,
        )


def _set_revision_staff_levels(levels: list[tuple[int, int, int]]) -> None:
    """What the PostgreSQL statement above does to the newest revisions, in Python elsewhere."""
    new = {(page, concept): level for page, concept, level in levels}
    revisions = list(
        Revision.objects.filter(
            pk__in=Page.objects.filter(pk__in={page for page, _, _ in levels}).values(
                "latest_revision_id"
            )
        )
    )
    for revision in revisions:
        for row in revision.content.get("skills", []):
            level = new.get((row.get("page"), row.get("concept")))
            if level is not None:
                row["staff_level"] = level
    Revision.objects.bulk_update(revisions, ["content"], batch_size=500)


def bulk_create_trajectories(*, rng: random.Random, now: datetime, batch_size: int) -> int:
    """Give the generated jobseekers who are due one their trajectory; returns how many.

    One transaction per batch: an interrupted run keeps whole batches, and the next
    run gives the rest their trajectory.
    """
    people = jobseekers_without_trajectory()
    if not people:
        return 0
    planner = _Planner(rng, now)
    iterator = iter(people)
    while batch := list(itertools.islice(iterator, batch_size)):
        with transaction.atomic():
            _write_batch(planner, batch)
    return len(people)
