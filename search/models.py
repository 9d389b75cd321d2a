"""The database backend's own index: flat copies of the index documents, built for matching.

These tables are an index like Elasticsearch's, not domain data: only the
after-commit tasks and `search_rebuild` write them (`search.backends.database`),
and a search reads nothing else. Ids are plain integers without foreign keys, so
a rebuild inserts at full speed and the index never blocks a change to a
portfolio. Work types and licences are small bitmasks over the shared choices
(`WORK_TYPE_BITS`, `LICENCE_BITS`): one integer comparison filters them on
PostgreSQL and SQLite alike.

Below them, domain data of the searches themselves: saved free searches with their
alerts, and the jobseekers' "new vacancies for you" alert.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import Certificate, DrivingLicence, WorkType

# Bit positions are the choices' order; appending a choice keeps existing bits valid,
# reordering needs `search_rebuild`.
WORK_TYPE_BITS: dict[str, int] = {value: 1 << i for i, value in enumerate(WorkType.values)}
LICENCE_BITS: dict[str, int] = {value: 1 << i for i, value in enumerate(DrivingLicence.values)}
CERTIFICATE_BITS: dict[str, int] = {value: 1 << i for i, value in enumerate(Certificate.values)}
# `PortfolioEntry.reach_limit_km` of a person who did not say how far they travel.
NO_REACH_LIMIT = 32767
# `PortfolioEntry.skill_codes`: each skill as concept id * SKILL_CODE_LEVELS + level.
SKILL_CODE_LEVELS = 8


class CoveringIndex(models.Index):
    """INCLUDE columns on PostgreSQL; elsewhere (SQLite) the same columns appended to the key.

    Either way a lookup by the key columns reads the included ones from the index
    alone, without visiting the table; a partial index (`condition`) stays partial.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.features.supports_covering_indexes:
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(
            fields=[*self.fields, *self.include], name=self.name, condition=self.condition
        )
        return plain.create_sql(model, schema_editor, using=using, **kwargs)


class PostgresCoveringIndex(CoveringIndex):
    """A covering index only PostgreSQL's statements read: elsewhere (SQLite) only its key
    columns, as nothing there reads the included ones."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(fields=self.fields, name=self.name, condition=self.condition)
        return plain.create_sql(model, schema_editor, using=using, **kwargs)


class Place(models.Model):
    """A point where people live: entries refer to it instead of holding coordinates.

    People share a handful of points (postcode-area centroids), so a search
    computes the exact distance once per place, not once per person, and joins.
    Latitude in radians and its cosine are computed by Python's math as in
    `portal.geo.distance_km`, so SQL's distance is bit-for-bit the explanation's.
    """

    latitude = models.FloatField()
    longitude = models.FloatField()
    latitude_rad = models.FloatField()
    latitude_cos = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["latitude", "longitude"], name="search_place_point")
        ]

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude}"


class SkillCodes(models.Field):
    """A portfolio's skills as whole numbers (`skill_code`): an integer array on PostgreSQL;
    elsewhere a text column that stays empty, as only PostgreSQL's statements read it."""

    def db_type(self, connection) -> str:
        return "integer[]" if connection.vendor == "postgresql" else "text"


def skill_code(concept_id: int, level: int) -> int:
    """One skill of `PortfolioEntry.skill_codes`: its concept and level in one number."""
    if not 0 <= level < SKILL_CODE_LEVELS:
        raise ValueError(f"skill level {level} does not fit a skill code")
    return concept_id * SKILL_CODE_LEVELS + level


# The columns a search reads of the entries of a place, with them in its covering indexes.
ENTRY_PLACE_INCLUDED = [
    "portfolio_id",
    "network",
    "employers",
    "reach_km",
    "hours_min",
    "hours_max",
    "work_types",
    "driving_licences",
    "certificates",
    "dutch_level",
    "updated_at",
    "available_from",
    "municipality",
    "occupations",
]


class PortfolioEntry(models.Model):
    """What filters and scores one portfolio, one narrow row per portfolio document."""

    portfolio_id = models.IntegerField(primary_key=True)
    place_id = models.IntegerField(null=True)
    reach_km = models.PositiveSmallIntegerField(null=True)
    # The reach, or NO_REACH_LIMIT when the person did not say: the reach must is then
    # one index range per place (`reach_limit_km >= distance`), unknown reach included.
    reach_limit_km = models.PositiveSmallIntegerField(default=NO_REACH_LIMIT)
    hours_min = models.PositiveSmallIntegerField(null=True)
    hours_max = models.PositiveSmallIntegerField(null=True)
    work_types = models.PositiveSmallIntegerField(default=0)
    driving_licences = models.PositiveSmallIntegerField(default=0)
    certificates = models.IntegerField(default=0)
    # `portal.choices.dutch_rank`: 0 unknown, 1 (A1) to 6 (C2).
    dutch_level = models.PositiveSmallIntegerField(default=0)
    # Milliseconds since the epoch of the last publication: ties go to the most recent.
    updated_at = models.BigIntegerField(default=0)
    # The day the person can start (`date.toordinal()`); 0: now, or they did not say.
    available_from = models.IntegerField(default=0)
    municipality = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    # " 12 345 ": whole-number LIKE '% 12 %' finds an occupation without a child table.
    occupations = models.CharField(max_length=500, blank=True)
    # The group audiences; organisations are rows of PortfolioAudience.
    network = models.BooleanField(default=False)
    employers = models.BooleanField(default=False)
    # The portfolio's skill rows once more, on PostgreSQL: a search ranking a few thousand
    # matches reads their skills with the entries, not one lookup per match.
    skill_codes = SkillCodes(null=True)

    class Meta:
        # A search reads the entries of the places within its radius from this index
        # alone (index-only scan on PostgreSQL), not every heap page of the table.
        indexes = [
            CoveringIndex(
                fields=["place_id", "reach_limit_km"],
                include=ENTRY_PLACE_INCLUDED,
                name="search_entry_place",
            ),
            # The same with the skill codes, for the searches that read them: in the index
            # above they made every other read of the places wider (a free search within
            # 25 km with at least 24 hours or a licence 8 to 11 % slower at 100k).
            PostgresCoveringIndex(
                fields=["place_id", "reach_limit_km"],
                include=[*ENTRY_PLACE_INCLUDED, "skill_codes"],
                name="search_entry_place_codes",
            ),
            # The farthest reach stated, and the people who stated none: a search without a
            # radius reads only the places within the first (`CandidateQuery`).
            models.Index(fields=["reach_limit_km"], name="search_entry_reach"),
            # The page's order among equal scores: a search that asks no skill walks the
            # entries most recent first until the page is full (`CandidateQuery`).
            models.Index(fields=["-updated_at", "portfolio_id"], name="search_entry_recent"),
        ]

    def __str__(self) -> str:
        return f"portfolio {self.portfolio_id}"


class PortfolioWords(models.Model):
    """The summary's words as " word word ", apart from the entry so the entry stays narrow."""

    portfolio_id = models.IntegerField(primary_key=True)
    tokens = models.TextField()

    def __str__(self) -> str:
        return f"words of portfolio {self.portfolio_id}"


class PortfolioAudience(models.Model):
    """One organisation a portfolio relates to.

    `coach_audience`: its staff may find the portfolio ("org:<id>" in the audience).
    `member`: the jobseeker is a member, so the organisation is not "the network".
    """

    pk = models.CompositePrimaryKey("portfolio_id", "organisation_id")
    portfolio_id = models.IntegerField()
    organisation_id = models.IntegerField()
    coach_audience = models.BooleanField()
    member = models.BooleanField()

    class Meta:
        indexes = [
            CoveringIndex(
                fields=["organisation_id", "portfolio_id"],
                include=["coach_audience", "member"],
                name="search_audience_org",
            )
        ]

    def __str__(self) -> str:
        return f"portfolio {self.portfolio_id} / organisation {self.organisation_id}"


class PortfolioFacetValue(models.Model):
    """A value one organisation recorded about the portfolio's person (`search.extensions`).

    Only that organisation's staff count or filter on it, so every search reads it
    by the viewer's organisation ids first.
    """

    pk = models.CompositePrimaryKey("portfolio_id", "facet", "organisation_id", "value")
    portfolio_id = models.IntegerField()
    facet = models.CharField(max_length=50)
    organisation_id = models.IntegerField()
    value = models.CharField(max_length=50)

    class Meta:
        indexes = [
            CoveringIndex(
                fields=["organisation_id", "facet", "value"],
                include=["portfolio_id"],
                name="search_facet_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"portfolio {self.portfolio_id}: {self.facet} {self.value} ({self.organisation_id})"


class PortfolioSkillRow(models.Model):
    """A skill a portfolio holds at the level that counts for matching.

    The entry's place (and its grid cell), group audiences and moment are copied in, so
    that a search within a radius reads only the skill rows of the places (or cells)
    around it, and ranks the people holding a needed skill from a covering index before
    it reads any entry (without a radius, most recently updated first).
    """

    pk = models.CompositePrimaryKey("portfolio_id", "concept_id")
    portfolio_id = models.IntegerField()
    concept_id = models.IntegerField()
    level = models.PositiveSmallIntegerField()
    place_id = models.IntegerField(null=True)
    # The grid cell of the place (`search.backends.database.grid`).
    cell = models.IntegerField(null=True)
    network = models.BooleanField(default=False)
    employers = models.BooleanField(default=False)
    # The entry's `updated_at`: the holders of a skill in the order of a page.
    updated_at = models.BigIntegerField(default=0)

    class Meta:
        # The skill rows of matching people by place; the skill rows of everyone
        # the viewer may find within a radius by the few grid cells around it (one
        # index range per skill and cell, not per skill and place); on PostgreSQL,
        # one person's skill rows with their levels from the index alone, where the
        # primary key made every lookup visit the table; and a skill's holders most
        # recent first, as a page orders them, so that the people earning the most
        # are sought without sorting every holder first. What jobseekers share with
        # employers, an employer's recruiters alone may find, has an index of its own: in
        # the others a recruiter's search read and left out the rows of two in three
        # holders (on the 100k bench, statement sums of the recruiter's free searches
        # 12 to 18 % less over 20 vacancies).
        indexes = [
            CoveringIndex(
                fields=["concept_id", "place_id"],
                include=["portfolio_id", "level", "network", "employers"],
                name="search_skill_concept",
            ),
            CoveringIndex(
                fields=["concept_id", "cell"],
                include=["portfolio_id", "place_id", "level", "network", "employers"],
                name="search_skill_concept_cell",
            ),
            CoveringIndex(
                fields=["portfolio_id", "concept_id"],
                include=["level"],
                name="search_skill_portfolio",
            ),
            CoveringIndex(
                fields=["concept_id", "-updated_at", "portfolio_id"],
                include=["level", "network", "employers"],
                name="search_skill_recent",
            ),
            CoveringIndex(
                fields=["concept_id", "cell"],
                include=["portfolio_id", "place_id", "level"],
                condition=models.Q(employers=True),
                name="search_skill_employers",
            ),
        ]

    def __str__(self) -> str:
        return f"portfolio {self.portfolio_id}: {self.concept_id} ({self.level})"


class IndexGeneration(models.Model):
    """The one row (id 1) that numbers the writes of the portfolio rows, for the columns
    each process keeps in memory (`search.backends.database.columns`): `generation`
    counts every write, `rebuilt` is the generation of the last rebuild or reset, and
    `token` is random per generation, so that a generation a rollback took back is never
    mistaken for the one written after it."""

    generation = models.BigIntegerField(default=0)
    rebuilt = models.BigIntegerField(default=0)
    token = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return f"generation {self.generation}"


class PortfolioChange(models.Model):
    """A portfolio whose rows one generation wrote (`portfolio_id` NULL: none, or every one
    after a rebuild); the writes keep the last `columns.KEEP_GENERATIONS` generations."""

    generation = models.BigIntegerField()
    token = models.CharField(max_length=16)
    portfolio_id = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["generation"], name="search_change_generation")]

    def __str__(self) -> str:
        return f"generation {self.generation}: portfolio {self.portfolio_id}"


class VacancyEntry(models.Model):
    """What filters and scores one open vacancy."""

    vacancy_id = models.IntegerField(primary_key=True)
    organisation_id = models.IntegerField()
    occupation_id = models.IntegerField(null=True)
    work_type = models.CharField(max_length=32, blank=True)
    hours_min = models.PositiveSmallIntegerField(null=True)
    hours_max = models.PositiveSmallIntegerField(null=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    latitude_rad = models.FloatField(null=True)
    latitude_cos = models.FloatField(null=True)
    municipality = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    tokens = models.TextField(blank=True)
    for_intermediaries = models.BooleanField(default=False)
    for_jobseekers = models.BooleanField(default=False)
    # Its musts, as bitmasks and `dutch_rank`: a person lacking one is no complete match.
    driving_licences = models.PositiveSmallIntegerField(default=0)
    certificates = models.IntegerField(default=0)
    dutch_level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="search_vacancy_location")]

    def __str__(self) -> str:
        return f"vacancy {self.vacancy_id}"


class VacancySkillRow(models.Model):
    """A skill a vacancy asks for."""

    pk = models.CompositePrimaryKey("vacancy_id", "concept_id")
    vacancy_id = models.IntegerField()
    concept_id = models.IntegerField()
    min_level = models.PositiveSmallIntegerField()
    required = models.BooleanField()

    class Meta:
        indexes = [
            CoveringIndex(
                fields=["concept_id", "vacancy_id"],
                include=["min_level", "required"],
                name="search_vskill_concept",
            )
        ]

    def __str__(self) -> str:
        return f"vacancy {self.vacancy_id}: {self.concept_id} ({self.min_level})"


class PortfolioFacetCount(models.Model):
    """How many entries of a place, in one audience group, have a facet value: counts kept ahead.

    A search without filters other than the radius sums these over the places inside
    it instead of counting every matching entry. `audience` groups are "n" (network),
    "e" (employers), "c:<org>" (that organisation's staff may find it, the network
    may not) and "x:<org>" (the network may find it, but not that organisation's
    staff, whose member the person is), so that what one organisation's staff may
    find counts as n + c:<org> − x:<org>. `dimension` is the facet: "m"
    municipality, "h" hours_max, "l" one licence bit, "k" one work-type bit (kind of
    work), "s" a skill's concept id, "o" "<org> <facet> <value>" of
    `search.extensions`; every one of those but "s" sorts before "s", so that a search
    reads them as one index range per audience and place. "t" (value "") counts everyone
    once, so that how many there are is one row. Place 0: no place;
    place -1 (`counts.EVERYWHERE`): every place added up, what a search without a radius
    reads.
    A count that drops to 0 stays until the next rebuild; it counts for nothing.
    """

    # Key order: a search reads a few audience groups at each place inside its radius,
    # each an index range of a few rows per dimension.
    pk = models.CompositePrimaryKey("audience", "place_id", "dimension", "value")
    audience = models.CharField(max_length=24)
    place_id = models.IntegerField()
    dimension = models.CharField(max_length=1)
    value = models.CharField(max_length=200)
    entries = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.place_id} {self.audience} {self.dimension}={self.value}: {self.entries}"


# --- Saved searches and alerts ------------------------------------------------------------


class SavedSearch(models.Model):
    """A free candidate search someone saved under a name, with its alert.

    `criteria` holds the search form's values as plain JSON (`search.forms.stored_criteria`);
    they are checked again by the form whenever the search is opened or matched.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    criteria = models.JSONField(_("criteria"), default=dict)
    alerts = models.BooleanField(_("tell me when someone new matches"), default=True)
    alert_email = models.BooleanField(_("also by e-mail"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "name"])]

    def __str__(self) -> str:
        return self.name


class SavedSearchMatch(models.Model):
    """A person a saved search has matched: alerted about once, never again.

    The people who already matched when the search was saved are kept too (not
    alerted), so that only someone new gives an alert.
    """

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="matches")
    portfolio = models.ForeignKey(
        "portfolios.PortfolioPage", on_delete=models.CASCADE, related_name="+"
    )
    alerted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "portfolio"], name="saved_search_match_once"
            )
        ]

    def __str__(self) -> str:
        return f"saved search {self.saved_search_id} matched portfolio {self.portfolio_id}"


class VacancyAlert(models.Model):
    """A jobseeker's "new vacancies for you": switched on while the row exists."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vacancy_alert"
    )
    email = models.BooleanField(_("also by e-mail"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    def __str__(self) -> str:
        return f"vacancy alert of user {self.user_id}"


class VacancyAlertMatch(models.Model):
    """A vacancy a jobseeker was told about: once per vacancy."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "vacancy"], name="vacancy_alert_match_once")
        ]

    def __str__(self) -> str:
        return f"vacancy {self.vacancy_id} for user {self.user_id}"
