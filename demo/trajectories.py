"""Demo trajectories at the five training centres, spread over the last 18 months.

Every demo jobseeker of a training centre gets a trajectory at some stage (intake,
training, looking for work, placed, or ended with a reason; a few started again after
an earlier one ended), with development goals, comments by the person and by staff,
training modules, and skill assessments whose levels rise over time. The fixed
jobseeker (werkzoekende@) has a running trajectory with a reached and an open goal,
so the demo logins of TDC Oldambt see a rising line in the skill chart.

Made through the intermediaries services (every rule and audit row as in production)
and dated back afterwards with bulk updates, as `demo.proposals` does: the
services stamp "now", history needs the past. An assessment sets the staff level on
the published portfolio skill, so that level is the newest assessment's.

`plan_trajectory` is plain data planning, shared with the bulk load
(`demo.bulk_trajectories`), which writes the same stories with COPY.

Idempotent: a jobseeker who already has a trajectory at a demo centre is left alone.
Each person's story comes from a random generator seeded with their e-mail address,
so skipping one never changes another's.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Model
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.organisations.models import Membership, Organisation, Role
from portal.taxonomy.models import Concept
from portfolios.models import PortfolioSkill
from training.models import GoalStatus, Trajectory, TrajectoryStatus
from training.services import (
    assessment_record,
    goal_comment_add,
    goal_create,
    goal_set_status,
    module_complete,
    module_plan,
    trajectory_enrol,
    trajectory_set_status,
)

from . import DEMO_EMAIL_DOMAIN, DEMO_LOGINS, content

ST = TrajectoryStatus
SEED = 2026
# History reaches this far back: the charts show 18 months.
HISTORY_DAYS = 540


@dataclass(frozen=True)
class Module:
    name: str
    provider: str  # "" means the training centre itself
    hours: int
    certificate: bool
    skills: tuple[str, ...]  # Dutch taxonomy labels


@dataclass(frozen=True)
class Track:
    """The work someone trains for: goals (text, skill label, target level) and modules."""

    goals: tuple[tuple[str, str, int], ...]
    modules: tuple[Module, ...]


VCA = Module("VCA Basis", "Noorderpoort", 16, True, ("veiligheidsregels volgen",))
FIRST_AID = Module("EHBO", "Het Oranje Kruis", 12, True, ("eerste hulp geven",))

TRACKS: dict[str, Track] = {
    "logistiek": Track(
        goals=(
            ("Ik kan zelfstandig een heftruck besturen", "heftruck besturen", 3),
            ("Ik verzamel orders met de handscanner zonder fouten", "handscanner gebruiken", 3),
            ("Ik laad en los een vrachtwagen veilig en op tijd", "laden en lossen", 3),
            ("Ik werk volgens de veiligheidsregels, ook als het druk is",
             "veiligheidsregels volgen", 3),
        ),
        modules=(
            Module("Heftruckcertificaat", "Heftruckopleidingen Noord", 16, True,
                   ("heftruck besturen",)),
            VCA,
            Module("Orderpicken met de handscanner", "", 8, False,
                   ("handscanner gebruiken", "orders verzamelen")),
        ),
    ),
    "schoonmaak": Track(
        goals=(
            ("Ik maak een sanitaire ruimte schoon volgens het schoonmaakplan",
             "sanitair schoonmaken", 3),
            ("Ik werk veilig met schoonmaakmiddelen en ken de kleurcodes",
             "veilig werken met schoonmaakmiddelen", 3),
            ("Ik bedien de schrobmachine zelfstandig", "schrobmachine bedienen", 3),
            ("Ik controleer zelf of een ruimte echt schoon is", "controleren of iets schoon is", 4),
        ),
        modules=(
            Module("Basisvakopleiding Schoonmaak", "Alfa-college", 40, True,
                   ("schoonmaakwerk doen", "vloeren schoonmaken")),
            Module("Werken met de schrobmachine", "", 6, False, ("schrobmachine bedienen",)),
            Module("Hygiëne en kleurcodes", "", 4, False, ("veilig werken met schoonmaakmiddelen",)),
        ),
    ),
    "groen": Track(
        goals=(
            ("Ik maai en trim een grasveld netjes en veilig", "gras maaien", 3),
            ("Ik snoei heesters op het goede moment en op de goede manier", "snoeien", 3),
            ("Ik werk veilig met de bosmaaier", "bosmaaier gebruiken", 3),
            ("Ik rijd zelfstandig met de zitmaaier", "zitmaaier of tractor besturen", 3),
        ),
        modules=(
            Module("Basis groenvoorziening", "Terra", 60, True,
                   ("snoeien", "planten", "gras maaien")),
            Module("Veilig werken met de bosmaaier", "Terra", 8, True, ("bosmaaier gebruiken",)),
            Module("Trekkerrijbewijs", "Rijschool Veenkoloniën", 20, True,
                   ("zitmaaier of tractor besturen",)),
        ),
    ),
    "horeca": Track(
        goals=(
            ("Ik werk hygiënisch volgens de hygiënecode", "hygiënisch werken met voedsel", 3),
            ("Ik snijd groenten zelfstandig schoon en op maat", "groente snijden", 3),
            ("Ik houd de vaatwasser draaiende, ook in de spits", "vaatwasmachine bedienen", 3),
            ("Ik dek tafels en ruim af, en help gasten vriendelijk",
             "tafels dekken en afruimen", 3),
        ),
        modules=(
            Module("Hygiënecode horeca", "Alfa-college", 8, True,
                   ("hygiënisch werken met voedsel",)),
            Module("Basiscursus keuken", "", 40, False, ("eten voorbereiden", "groente snijden")),
            Module("Allergenen in de keuken", "Noorderpoort", 4, True,
                   ("hygiënisch werken met voedsel",)),
        ),
    ),
    "winkel": Track(
        goals=(
            ("Ik bedien de kassa zelfstandig en maak de kassa op", "kassa bedienen", 3),
            ("Ik vul de vakken en let op de houdbaarheidsdatum", "vakken vullen", 3),
            ("Ik help klanten vriendelijk en vraag door wat ze zoeken", "klanten adviseren", 3),
        ),
        modules=(
            Module("Kassatraining", "Noorderpoort", 8, True,
                   ("kassa bedienen", "pinbetalingen verwerken")),
            Module("Klantvriendelijk werken", "", 12, False,
                   ("klantvriendelijk zijn", "klanten adviseren")),
            Module("Werken in de supermarkt", "", 24, False, ("vakken vullen", "voorraad rouleren")),
        ),
    ),
    "metaal": Track(
        goals=(
            ("Ik las een hoeknaad met MIG/MAG volgens de tekening", "MIG/MAG lassen", 3),
            ("Ik meet met schuifmaat en rolmaat zonder fouten", "meetgereedschap gebruiken", 3),
            ("Ik werk veilig aan machines en weet waar de noodstop zit",
             "veilig werken met machines", 3),
            ("Ik houd het tempo van de productielijn bij", "werken in een productielijn", 3),
        ),
        modules=(
            Module("Basiscursus lassen MIG/MAG", "Alfa-college", 80, True, ("MIG/MAG lassen",)),
            VCA,
            Module("Veilig werken met machines", "", 8, False, ("veilig werken met machines",)),
        ),
    ),
    "zorg": Track(
        goals=(
            ("Ik help een bewoner bij eten en drinken, in zijn eigen tempo",
             "helpen bij eten en drinken", 3),
            ("Ik maak een praatje met bewoners en luister goed", "omgaan met cliënten", 3),
            ("Ik schrijf een korte rapportage in het zorgdossier",
             "rapporteren in het zorgdossier", 2),
        ),
        modules=(
            Module("Basismodule helpende zorg", "Noorderpoort", 60, True,
                   ("helpen bij persoonlijke verzorging", "omgaan met cliënten")),
            FIRST_AID,
            Module("Omgaan met dementie", "", 6, False, ("omgaan met cliënten",)),
        ),
    ),
}  # fmt: skip

# Goals and modules anybody may have, whatever the work.
COMMON = Track(
    goals=(
        ("Ik kom elke werkdag op tijd en meld me op tijd af als ik ziek ben", "op tijd komen", 4),
        ("Ik kan in het Nederlands uitleggen wat ik aan het doen ben", "Nederlands spreken", 3),
        ("Ik vraag om hulp als ik iets niet weet", "om hulp vragen", 3),
        ("Ik werk goed samen met mijn collega's", "samenwerken in een team", 3),
    ),
    modules=(
        Module("Taal op de werkvloer", "Taalhuis Oost-Groningen", 30, False,
               ("Nederlands spreken", "gesproken Nederlands begrijpen")),
        Module("Werknemersvaardigheden", "", 20, False, ("op tijd komen", "samenwerken in een team")),
        Module("Digitale vaardigheden", "Bibliotheek Oost-Groningen", 12, False,
               ("werken met een computer",)),
        FIRST_AID,
    ),
)  # fmt: skip

# A goal on a portfolio skill that no track writes out; {skill} is the Dutch label.
GOAL_TEMPLATES = (
    "Ik kan zelfstandig {skill}",
    "Ik kan {skill} zonder hulp",
    "Ik kan {skill} in het tempo van de werkvloer",
    "Ik kan {skill} en een nieuwe collega uitleggen hoe het moet",
)

ENDED_REASONS = (
    "Werk gevonden bij een uitzendbureau",
    "Werk gevonden in de buurt",
    "Verhuisd naar een andere regio",
    "Gestopt om gezondheidsredenen",
    "Gestart met een mbo-opleiding",
    "Zelf gestopt, wil eerst de thuissituatie op orde brengen",
    "Traject afgerond zonder werk, verder via de gemeente",
)

OBSERVATIONS = {
    1: (
        "Doet het nog met veel hulp; we oefenen het stap voor stap.",
        "Kent de stappen nog niet; kijkt eerst mee met een collega.",
    ),
    2: (
        "Lukt met af en toe een aanwijzing.",
        "Gaat goed als het rustig is; bij drukte nog onzeker.",
    ),
    3: (
        "Doet het zelfstandig en netjes.",
        "Werkt zelfstandig en in een goed tempo.",
    ),
    4: (
        "Doet het zelfstandig en legt het nieuwe deelnemers uit.",
        "Kan dit zonder begeleiding, ook onder tijdsdruk.",
    ),
}
# Said when staff see a lower level than the person gave themself.
LOWER_THAN_SELF = "Schat zichzelf hoger in; op de werkvloer lukt het nog niet elke keer."

JOBSEEKER_COMMENTS = (
    "Vandaag voor het eerst helemaal zelf gedaan, best spannend!",
    "Ik vind dit nog lastig. Kunnen we het volgende week nog een keer oefenen?",
    "Het gaat steeds beter, ik heb er minder hulp bij nodig.",
    "Ik wil hier graag een certificaat voor halen.",
    "Deze week ging het minder, ik had slecht geslapen.",
    "Mijn begeleider op de werkvloer zegt dat ik sneller werk dan eerst.",
)
STAFF_COMMENTS = (
    "Goed bezig! Je werkt rustig en netjes.",
    "Let nog op je tempo: eerst goed, dan snel.",
    "Volgende week oefenen we het samen op de werkvloer.",
    "Afgesproken: je doet het eerst samen met een maatje.",
    "Fijn dat je zelf aangeeft waar je hulp bij wilt.",
)
REACHED_COMMENTS = (
    "Gehaald, gefeliciteerd! Dit zetten we in je portfolio.",
    "Doel gehaald. Je doet het nu zonder hulp.",
)


# --- planning: plain data, shared with the bulk load ---------------------------------


@dataclass
class GoalPlan:
    text: str
    concept_id: int | None
    target_level: int
    created: date
    due: date
    status: str = GoalStatus.OPEN
    status_on: date | None = None  # when it was reached or dropped
    comments: list[tuple[date, bool, str]] = field(default_factory=list)  # (day, by staff, text)


@dataclass
class ModulePlan:
    module: Module
    skills: list[int]  # concept ids
    planned: date
    planned_on: date  # when staff put it in the plan
    completed: date | None = None


@dataclass
class Story:
    """One trajectory as it went: its status changes, goals, modules and assessments."""

    start: date
    planned_end: date
    changes: list[tuple[date, str]]  # (day, new status) after the intake
    ended_reason: str = ""
    goals: list[GoalPlan] = field(default_factory=list)
    modules: list[ModulePlan] = field(default_factory=list)
    # (day, concept, level, observation)
    assessments: list[tuple[date, int, int, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.changes[-1][1] if self.changes else ST.INTAKE

    @property
    def last_day(self) -> date:
        """The end date of an ended trajectory, else the last day something could happen."""
        return self.changes[-1][0] if self.status == ST.ENDED else date.max


# Days of looking for work a trajectory plans for; and "placed" for who never is.
PLANNED_JOB_HUNTING = 120
NEVER = 100_000


@dataclass(frozen=True)
class Phases:
    """Days after the start at which a trajectory moves on, if nothing stops it."""

    training: int
    job_hunting: int
    placed: int

    @classmethod
    def draw(cls, rng: random.Random) -> "Phases":
        training = rng.randint(10, 28)
        job_hunting = training + rng.randint(70, 160)
        return cls(training, job_hunting, job_hunting + rng.randint(30, 150))

    def reached(self, elapsed: int) -> list[tuple[int, str]]:
        steps = ((self.training, ST.TRAINING), (self.job_hunting, ST.JOB_HUNTING))
        steps += ((self.placed, ST.PLACED),)
        return [(day, status) for day, status in steps if day <= elapsed]


def start_for(rng: random.Random, phases: Phases, outcome: str) -> int:
    """How many days ago a trajectory started that is at `outcome` today."""
    if outcome == ST.INTAKE:
        return rng.randint(2, phases.training - 1)
    if outcome == ST.TRAINING:
        return rng.randint(phases.training + 5, phases.job_hunting - 1)
    if outcome == ST.JOB_HUNTING:
        return rng.randint(phases.job_hunting + 5, phases.placed - 1)
    if outcome == ST.PLACED:
        return rng.randint(phases.placed + 5, HISTORY_DAYS)
    # Ended: somewhere after the intake, some time ago.
    return rng.randint(phases.training + 20, HISTORY_DAYS)


def plan_trajectory(
    rng: random.Random,
    *,
    today: date,
    started_ago: int,
    phases: Phases,
    ended: bool,
    goals: list[tuple[str, int | None, int]],
    modules: list[tuple[Module, list[int]]],
    self_levels: dict[int, int],
    assessments: int,
) -> Story:
    """The story of one trajectory that started `started_ago` days before `today`.

    `goals` are (text, concept, target level); `self_levels` the person's own levels of
    portfolio skills, which staff sometimes see lower. An ended trajectory stops on a
    random day after its intake, with a reason; its goals are reached or dropped by then.
    Assessments (up to `assessments`) follow the goals with a concept, rising over time.
    """
    start = today - timedelta(days=started_ago)
    changes = [(start + timedelta(days=d), s) for d, s in phases.reached(started_ago)]
    planned_end = start + timedelta(days=phases.job_hunting + PLANNED_JOB_HUNTING)
    story = Story(start=start, planned_end=planned_end, changes=[])
    if ended and started_ago > phases.training + 10:
        end_day = rng.randint(phases.training + 5, started_ago - 3)
        changes = [(day, s) for day, s in changes if day < start + timedelta(days=end_day)]
        changes.append((start + timedelta(days=end_day), ST.ENDED))
        story.ended_reason = rng.choice(ENDED_REASONS)
    story.changes = changes
    until = min(today, story.last_day - timedelta(days=1))
    elapsed = (until - start).days

    for text, concept_id, target in goals:
        created = start + timedelta(days=rng.randint(0, min(14, max(0, elapsed))))
        goal = GoalPlan(
            text, concept_id, target, created, created + timedelta(days=rng.randint(45, 200))
        )
        story.goals.append(goal)
        settled = min(goal.due - timedelta(days=rng.randint(0, 14)), until)
        chance = 0.9 if story.status == ST.PLACED else 0.7
        # Reached around the due date, or now and then early.
        due_or_early = goal.due <= until or rng.random() < 0.15
        if settled >= created + timedelta(days=14) and due_or_early and rng.random() < chance:
            goal.status, goal.status_on = GoalStatus.REACHED, settled
        if goal.status == GoalStatus.OPEN and story.status == ST.ENDED:
            goal.status, goal.status_on = GoalStatus.DROPPED, until
        goal.comments = _comments(rng, goal, until)

    for n, (module, skills) in enumerate(modules):
        planned = start + timedelta(days=phases.training + rng.randint(0, 40) + 30 * n)
        # Put in the plan three weeks before, or at the intake; never after an ending.
        planned_on = max(start, min(planned - timedelta(days=21), until))
        if planned - timedelta(days=21) > until and story.status == ST.ENDED:
            continue
        completed = planned + timedelta(days=max(1, module.hours // 4) + rng.randint(0, 10))
        story.modules.append(
            ModulePlan(
                module, skills, planned, planned_on, completed if completed <= until else None
            )
        )

    story.assessments = _assessments(rng, story, until, self_levels, assessments)
    return story


def _comments(rng: random.Random, goal: GoalPlan, until: date) -> list[tuple[date, bool, str]]:
    """A remark by the person, often a reply by staff, and staff's word when it was reached."""
    last = goal.status_on or until
    span = (last - goal.created).days
    if span < 7:
        return []
    day = goal.created + timedelta(days=rng.randint(3, span - 2))
    comments = [(day, False, rng.choice(JOBSEEKER_COMMENTS))]
    if rng.random() < 0.7:
        reply = min(last, day + timedelta(days=rng.randint(0, 3)))
        comments.append((reply, True, rng.choice(STAFF_COMMENTS)))
    if goal.status == GoalStatus.REACHED:
        comments.append((last, True, rng.choice(REACHED_COMMENTS)))
    return comments


def _assessments(
    rng: random.Random, story: Story, until: date, self_levels: dict[int, int], count: int
) -> list[tuple[date, int, int, str]]:
    """Levels of the goals' skills at several dates, rising toward the target.

    The first goal gets most of the `count` points, so its line rises; one or two
    others get a single point. A reached goal ends on its target on the day it was
    reached; an open one a level below it.
    """
    goals = [g for g in story.goals if g.concept_id is not None]
    elapsed = (until - story.start).days
    first = story.start + timedelta(days=min(7, max(1, elapsed // 2)))
    if not goals or count < 1 or until < first:
        return []
    others = min(len(goals) - 1, (count - 1) // 2)
    rows = []
    for goal, points in zip(goals, [count - others] + [1] * others, strict=False):
        reached = goal.status == GoalStatus.REACHED
        top = goal.target_level if reached else max(1, goal.target_level - 1)
        low = max(1, min(top, goal.target_level - 2))
        last = max(first, goal.status_on if reached else until)
        span = (last - first).days
        own = self_levels.get(goal.concept_id)
        for n in range(points):
            if points == 1:
                day, level = last, top
            else:
                day = first + timedelta(days=span * n // (points - 1))
                level = low + round((top - low) * n / (points - 1))
            lower = own is not None and level < own and n == 0
            observation = LOWER_THAN_SELF if lower else rng.choice(OBSERVATIONS[level])
            rows.append((day, goal.concept_id, level, observation))
    return sorted(rows)


def goals_for(
    rng: random.Random,
    track: Track,
    concepts: dict[str, int],
    self_levels: dict[int, int],
    labels: dict[int, str],
    count: int,
) -> list[tuple[str, int | None, int]]:
    """`count` goals (text, concept, target): the track's own, on portfolio skills first,
    and often one everybody may have or one on another portfolio skill.

    The target is at least one above the person's own level of that skill.
    """
    own = [g for g in track.goals if concepts.get(g[1]) in self_levels]
    others = [g for g in track.goals if g not in own]
    rng.shuffle(others)
    goals = [(text, concepts.get(label), target) for text, label, target in own + others]
    goals = goals[: max(1, count - 1)]
    taken = {concept_id for _, concept_id, _ in goals}
    spare = sorted(set(self_levels) - taken)
    if len(goals) < count:
        if spare and rng.random() < 0.3:
            concept_id = rng.choice(spare)
            text = rng.choice(GOAL_TEMPLATES).format(skill=labels.get(concept_id, "dit werk"))
            goals.append((text, concept_id, 3))
        else:
            text, label, target = rng.choice(COMMON.goals)
            goals.append((text, concepts.get(label), target))
    return [
        (text, concept_id, max(target, min(4, self_levels.get(concept_id, 0) + 1)))
        for text, concept_id, target in goals
    ]


def modules_for(
    rng: random.Random, track: Track, concepts: dict[str, int], count: int
) -> list[tuple[Module, list[int]]]:
    """`count` modules: the track's first, sometimes a common one; with their skills' concepts."""
    pool = list(track.modules)
    rng.shuffle(pool)
    chosen = pool[: max(1, count - 1)]
    if len(chosen) < count:
        extra = rng.choice(COMMON.modules)
        if extra not in chosen:
            chosen.append(extra)
    return [(m, [concepts[s] for s in m.skills if s in concepts]) for m in chosen]


def concept_ids(labels: set[str]) -> dict[str, int]:
    """Dutch label → concept id, for the labels the starter taxonomy has."""
    found = Concept.objects.filter(preferred_labels__nl__in=sorted(labels)).values_list(
        "pk", "preferred_labels"
    )
    return {names.get("nl"): pk for pk, names in found}


def all_labels() -> set[str]:
    tracks = (*TRACKS.values(), COMMON)
    return {label for t in tracks for _, label, _ in t.goals} | {
        skill for t in tracks for m in t.modules for skill in m.skills
    }


# --- the small demo, through the services --------------------------------------------

# The fixed jobseeker's trajectory, written out: started ten months ago, through training
# to looking for work, with a reached goal, an open one, and a skill that staff first
# saw lower than she did herself.
SANNE_STARTED = 300
SANNE_GOALS = (
    # (text, label, target, created days after start, due days after start, reached after)
    ("Ik werk volgens de veiligheidsregels in het magazijn, ook als het druk is",
     "veiligheidsregels volgen", 3, 5, 150, 140),
    ("Ik verzamel orders zelfstandig met de elektrische pallettruck",
     "elektrische pallettruck besturen", 4, 5, 230, 215),
    ("Ik kan zelfstandig een reachtruck besturen", "reachtruck besturen", 3, 160, 360, None),
)  # fmt: skip
SANNE_ASSESSMENTS = (
    # (days after start, label, level)
    (20, "veiligheidsregels volgen", 1),
    (20, "elektrische pallettruck besturen", 2),
    (75, "veiligheidsregels volgen", 2),
    (140, "veiligheidsregels volgen", 3),
    (150, "elektrische pallettruck besturen", 3),
    (200, "reachtruck besturen", 1),
    (215, "elektrische pallettruck besturen", 4),
    (260, "veiligheidsregels volgen", 3),
    (280, "reachtruck besturen", 2),
)
SANNE_MODULES = (
    # (module, planned days after start, completed days after start)
    (TRACKS["logistiek"].modules[1], 25, 40),  # VCA Basis
    # Her forklift certificate she already had (it is on her portfolio).
    (TRACKS["logistiek"].modules[2], 60, 75),  # Orderpicken met de handscanner
    (COMMON.modules[1], 90, 130),  # Werknemersvaardigheden
    (Module("Reachtruck bedienen", "Heftruckopleidingen Noord", 12, True,
            ("reachtruck besturen",)), 320, None),
)  # fmt: skip
SANNE_COMMENTS = (
    # (goal index, days after start, by staff, text)
    (0, 60, False, "Ik kijk nu eerst of het gangpad vrij is voordat ik ga rijden."),
    (0, 62, True, "Goed zo. Let ook op je veiligheidsschoenen, die vergat je vorige week."),
    (0, 140, True, "Gehaald! Je werkt veilig, ook op drukke dagen."),
    (1, 180, False, "Ik haal nu 120 orders per dag, zonder fouten."),
    (1, 215, True, "Doel gehaald. Je mag nieuwe deelnemers laten zien hoe het moet."),
    (2, 285, False, "Hoog stapelen vind ik nog eng. Mag ik meer oefenuren?"),
    (2, 287, True, "Ja, we plannen twee extra oefenochtenden in de hal."),
)

# Where each centre's people are at today, taken in turn, so every centre has a mix.
# Those who joined the centre longest ago get the outcomes that take longest.
OUTCOMES = (
    ST.TRAINING,
    ST.JOB_HUNTING,
    ST.PLACED,
    ST.ENDED,
    ST.INTAKE,
    ST.TRAINING,
    ST.PLACED,
    ST.ENDED,
    ST.JOB_HUNTING,
)
TAKES_LONGEST = (ST.PLACED, ST.JOB_HUNTING, ST.ENDED, ST.TRAINING, ST.INTAKE)
# Tracks of the small demo's people who have a portfolio (e-mail local part → track).
PORTFOLIO_TRACKS = {
    "werkzoekende2.tdc-oldambt": "groen",
    "werkzoekende3.tdc-oldambt": "schoonmaak",
    "werkzoekende4.tdc-oldambt": "winkel",
    "werkzoekende5.tdc-oldambt": "horeca",
}
# Of those in intake or training who were at the centre long enough before, this many
# had an earlier trajectory there that ended.
RESTART_SHARE = 0.6


class _Runner:
    """Runs the services in the order the stories happened; dates everything back afterwards."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.first_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.audit_times: list[datetime] = []
        self.stamps: dict[tuple[type[Model], str], list[Model]] = {}

    def at(self, day: date, hour: int) -> datetime:
        """`hour` o'clock on `day`, or just now when that is still to come today."""
        moment = timezone.make_aware(datetime.combine(day, time(hour, 0)))
        return min(moment, self.now - timedelta(minutes=1))

    def call(self, at: datetime, service: Callable, **kwargs):
        """Call an audited service (one audit row each) that in the story happened `at`."""
        self.audit_times.append(at)
        return service(**kwargs)

    def stamp(self, instance: Model, name: str, at: datetime) -> None:
        setattr(instance, name, at)
        self.stamps.setdefault((type(instance), name), []).append(instance)

    def date_back(self) -> None:
        for (model, name), instances in self.stamps.items():
            model.objects.bulk_update(instances, [name], batch_size=500)
        audits = list(
            AuditEvent.objects.filter(pk__gt=self.first_audit or 0).order_by("pk").only("pk")
        )
        for audit, at in zip(audits, self.audit_times, strict=True):
            audit.created_at = at
        AuditEvent.objects.bulk_update(audits, ["created_at"], batch_size=500)


def _run_story(
    runner: _Runner,
    story: Story,
    *,
    jobseeker: User,
    centre: Organisation,
    coach: User,
    staff: User,
    concepts: dict[int, Concept],
) -> None:
    """Replay `story` through the services, each step at its own moment, the end last."""
    steps: list[tuple[datetime, Callable[[], None]]] = []
    made: dict[str, Model] = {}
    at = runner.at

    def enrol(when: datetime) -> None:
        made["trajectory"] = runner.call(
            when,
            trajectory_enrol,
            jobseeker=jobseeker,
            organisation=centre,
            by=coach,
            start_date=story.start,
            planned_end_date=story.planned_end,
            coach=coach,
        )
        runner.stamp(made["trajectory"], "created_at", when)

    def change(when: datetime, status: str) -> None:
        reason = story.ended_reason if status == ST.ENDED else ""
        made["trajectory"] = runner.call(
            when,
            trajectory_set_status,
            trajectory=made["trajectory"],
            by=coach,
            status=status,
            reason=reason,
        )
        if status == ST.ENDED:
            runner.stamp(made["trajectory"], "ended_at", when)

    def make_goal(when: datetime, n: int, goal: GoalPlan) -> None:
        made[f"goal{n}"] = runner.call(
            when,
            goal_create,
            trajectory=made["trajectory"],
            by=coach,
            text=goal.text,
            concept=concepts.get(goal.concept_id),
            target_level=goal.target_level,
            due_date=goal.due,
        )
        runner.stamp(made[f"goal{n}"], "created_at", when)

    def settle(when: datetime, n: int, status: str) -> None:
        runner.call(when, goal_set_status, goal=made[f"goal{n}"], by=coach, status=status)

    def comment(when: datetime, n: int, author: User, text: str) -> None:
        note = runner.call(when, goal_comment_add, goal=made[f"goal{n}"], by=author, text=text)
        runner.stamp(note, "created_at", when)

    def plan_module(when: datetime, n: int, plan: ModulePlan) -> None:
        made[f"module{n}"] = runner.call(
            when,
            module_plan,
            trajectory=made["trajectory"],
            by=staff,
            name=plan.module.name,
            provider=plan.module.provider or centre.name,
            hours=plan.module.hours,
            skills=[concepts[c] for c in plan.skills if c in concepts],
            certificate=plan.module.certificate,
            planned_date=plan.planned,
        )

    def complete(when: datetime, n: int, day: date) -> None:
        runner.call(when, module_complete, module=made[f"module{n}"], by=staff, completed_date=day)

    def assess(when: datetime, day: date, concept_id: int, level: int, observation: str) -> None:
        assessment = runner.call(
            when,
            assessment_record,
            jobseeker=jobseeker,
            organisation=centre,
            by=staff,
            concept=concepts[concept_id],
            level=level,
            assessed_on=day,
            observation=observation,
        )
        runner.stamp(assessment, "created_at", when)

    steps.append((at(story.start, 9), enrol))
    # Status changes at 16:00, so an ending comes after everything else of its day.
    steps += [(at(day, 16), lambda w, s=status: change(w, s)) for day, status in story.changes]
    for n, goal in enumerate(story.goals):
        steps.append((at(goal.created, 10), lambda w, n=n, g=goal: make_goal(w, n, g)))
        if goal.status_on is not None:
            steps.append((at(goal.status_on, 15), lambda w, n=n, s=goal.status: settle(w, n, s)))
        for day, by_staff, text in goal.comments:
            author = (coach if n % 2 else staff) if by_staff else jobseeker
            steps.append(
                (
                    at(day, 14 if by_staff else 11),
                    lambda w, n=n, a=author, t=text: comment(w, n, a, t),
                )
            )
    for n, plan in enumerate(story.modules):
        steps.append((at(plan.planned_on, 13), lambda w, n=n, p=plan: plan_module(w, n, p)))
        if plan.completed is not None:
            steps.append(
                (at(plan.completed, 15), lambda w, n=n, d=plan.completed: complete(w, n, d))
            )
    for row in story.assessments:
        if row[1] in concepts:
            steps.append((at(row[0], 12), lambda w, row=row: assess(w, *row)))
    # Stable sort: at the same moment, the order above (enrolment first) holds.
    for when, step in sorted(steps, key=lambda s: s[0]):
        step(when)


def _sanne_story(today: date, concepts: dict[str, int], self_levels: dict[int, int]) -> Story:
    start = today - timedelta(days=SANNE_STARTED)

    def after(days: int) -> date:
        return start + timedelta(days=days)

    story = Story(
        start=start,
        planned_end=after(420),
        changes=[(after(21), ST.TRAINING), (after(230), ST.JOB_HUNTING)],
    )
    for n, (text, label, target, created, due, reached) in enumerate(SANNE_GOALS):
        goal = GoalPlan(text, concepts.get(label), target, after(created), after(due))
        if reached is not None:
            goal.status, goal.status_on = GoalStatus.REACHED, after(reached)
        goal.comments = [(after(d), s, t) for g, d, s, t in SANNE_COMMENTS if g == n]
        story.goals.append(goal)
    for module, planned, completed in SANNE_MODULES:
        skills = [concepts[s] for s in module.skills if s in concepts]
        planned_on = min(after(planned - 21), today)
        done = after(completed) if completed else None
        story.modules.append(ModulePlan(module, skills, after(planned), planned_on, done))
    seen: set[int] = set()
    for n, (days, label, level) in enumerate(SANNE_ASSESSMENTS):
        if label not in concepts:
            continue
        concept_id = concepts[label]
        lower = concept_id not in seen and level < self_levels.get(concept_id, 0)
        observation = LOWER_THAN_SELF if lower else OBSERVATIONS[level][n % 2]
        story.assessments.append((after(days), concept_id, level, observation))
        seen.add(concept_id)
    return story


def _staff(centre: Organisation) -> tuple[list[User], User | None]:
    """The centre's coaches and a training staff member, the fixed demo logins first."""
    members = list(
        Membership.objects.active()
        .filter(organisation=centre, role__in=[Role.COACH, Role.TRAINING_STAFF])
        .select_related("user")
        .order_by("pk")
    )
    fixed = {DEMO_LOGINS["coach"], DEMO_LOGINS["training_staff"]}
    members.sort(key=lambda m: m.user.email not in fixed)
    coaches = [m.user for m in members if m.role == Role.COACH]
    trainers = [m.user for m in members if m.role == Role.TRAINING_STAFF]
    return coaches, (trainers or coaches or [None])[0]


def load_demo_trajectories() -> int:
    """Give the demo jobseekers of the training centres their trajectories; returns how many.

    A trajectory never starts before the person joined the centre, except the fixed
    jobseeker's written-out story.
    """
    slugs = [spec.slug for spec in content.TRAINING_CENTRES]
    centres = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    domain = "@" + DEMO_EMAIL_DOMAIN
    done = set(
        Trajectory.objects.filter(
            organisation__in=centres.values(), jobseeker__email__endswith=domain
        ).values_list("jobseeker_id", "organisation_id")
    )
    members = (
        Membership.objects.active()
        .filter(organisation__in=centres.values(), role=Role.JOBSEEKER)
        .filter(user__email__endswith=domain)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
    people: dict[str, list[tuple[User, date]]] = {slug: [] for slug in centres}
    for membership in members:
        if (membership.user_id, membership.organisation_id) not in done:
            joined = timezone.localdate(membership.created_at)
            people[membership.organisation.slug].append((membership.user, joined))
    if not any(people.values()):
        return 0
    today = timezone.localdate()
    sanne_labels = {label for _, label, *_ in SANNE_GOALS} | {
        skill for module, *_ in SANNE_MODULES for skill in module.skills
    }
    concepts = concept_ids(all_labels() | sanne_labels)
    labels = {pk: label for label, pk in concepts.items()}
    own_levels: dict[int, dict[int, int]] = {}
    everybody = [user for users in people.values() for user, _ in users]
    for jobseeker_id, concept, level, names in PortfolioSkill.objects.filter(
        page__jobseeker__in=everybody, page__live=True
    ).values_list("page__jobseeker_id", "concept", "level", "concept__preferred_labels"):
        own_levels.setdefault(jobseeker_id, {})[concept] = level
        labels.setdefault(concept, names.get("nl", ""))
    by_id = Concept.objects.in_bulk(set(concepts.values()) | set(labels))
    runner = _Runner()
    made = 0
    for slug, users in people.items():
        coaches, trainer = _staff(centres[slug])
        if not coaches or trainer is None:
            continue
        others = [
            (user, joined) for user, joined in users if user.email != DEMO_LOGINS["jobseeker"]
        ]
        outcomes = sorted(
            (OUTCOMES[n % len(OUTCOMES)] for n in range(len(others))), key=TAKES_LONGEST.index
        )
        plans = [
            (user, outcome, (today - joined).days)
            for (user, joined), outcome in zip(others, outcomes, strict=True)
        ]
        plans += [(user, None, 0) for user, _ in users if user.email == DEMO_LOGINS["jobseeker"]]
        for index, (jobseeker, outcome, joined_ago) in enumerate(plans):
            self_levels = own_levels.get(jobseeker.pk, {})
            if outcome is None:
                coach = coaches[0]
                stories = [_sanne_story(today, concepts, self_levels)]
            else:
                coach = coaches[index % len(coaches)]
                rng = random.Random(f"{SEED}:{jobseeker.email}")
                track = PORTFOLIO_TRACKS.get(jobseeker.email.split("@")[0])
                stories = _stories(
                    rng,
                    today,
                    outcome,
                    joined_ago,
                    TRACKS[track or rng.choice(sorted(TRACKS))],
                    concepts,
                    labels,
                    self_levels,
                )
            for story in stories:
                _run_story(
                    runner,
                    story,
                    jobseeker=jobseeker,
                    centre=centres[slug],
                    coach=coach,
                    staff=trainer,
                    concepts=by_id,
                )
                made += 1
    runner.date_back()
    return made


def _stories(
    rng: random.Random,
    today: date,
    outcome: str,
    joined_ago: int,
    track: Track,
    concepts: dict[str, int],
    labels: dict[int, str],
    self_levels: dict[int, int],
) -> list[Story]:
    """One person's trajectories at a centre: where they are today (`outcome`, or what
    the time since they joined allows), sometimes after an earlier one that ended."""
    phases = Phases.draw(rng)
    started_ago = min(start_for(rng, phases, outcome), joined_ago)
    stories = []
    earlier_ago = min(HISTORY_DAYS, started_ago + rng.randint(150, 250))
    if (
        outcome in (ST.INTAKE, ST.TRAINING)
        and earlier_ago <= joined_ago
        and rng.random() < RESTART_SHARE
    ):
        # Ended (health, moving) some months before this one started.
        back = started_ago + 14
        story = plan_trajectory(
            rng,
            today=today - timedelta(days=back),
            started_ago=earlier_ago - back,
            phases=Phases.draw(rng),
            ended=True,
            goals=goals_for(rng, track, concepts, self_levels, labels, 2),
            modules=modules_for(rng, track, concepts, 1),
            self_levels=self_levels,
            assessments=2,
        )
        if story.status == ST.ENDED:
            stories.append(story)
    stories.append(
        plan_trajectory(
            rng,
            today=today,
            started_ago=started_ago,
            phases=phases,
            ended=outcome == ST.ENDED,
            goals=goals_for(rng, track, concepts, self_levels, labels, rng.randint(2, 3)),
            modules=modules_for(rng, track, concepts, rng.randint(1, 3)),
            self_levels=self_levels,
            assessments=rng.randint(2, 4),
        )
    )
    return stories
