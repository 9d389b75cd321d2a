"""Who reaches which URL: one row per project URL and role, group rows for third-party URLs.

Every URL pattern of the project must have a row here, or belong to a group of
third-party URLs (allauth, Wagtail admin, Wagtail documents and frontend
helpers); `test_every_url_pattern_has_a_row_or_a_group` fails otherwise, so a new
view cannot ship without saying who may reach it. Organisations a user has no
business with answer 404, not 403, so that they cannot be probed.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from wagtail.models import Page, get_page_models

from api.tests import matrix as api_matrix
from events.tests import matrix as events_matrix
from intermediaries.tests import matrix as proposal_matrix
from portal.accounts.factories import invite_with_link
from portal.organisations.models import Membership, Role
from portfolios.tests import documents_matrix, editor_matrix, suggestions_matrix
from search.tests import matrix as search_matrix
from socialreturn.tests import matrix as socialreturn_matrix
from tests.conftest import ROLES, World
from tests.permission_matrix import (
    ADMIN_LOGIN,
    DONE,
    EMPLOYER_DONE,
    EMPLOYER_ONLY,
    FORBIDDEN,
    GONE,
    LOGIN,
    MEMBER_ROLES,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    ONWARDS,
    Row,
    coach_organisation_sees,
    each,
    everyone,
    intermediary_staff,
    jobseekers_only,
    jobseekers_own,
    owner_only,
    signed_in,
)
from training.tests import cohort_matrix, trajectory_matrix
from vacancies.tests import matrix as vacancy_matrix


class Context:
    """The world plus objects some URLs need, made only when a row asks for them."""

    def __init__(self, world: World):
        self.world = world

    @property
    def centre(self) -> str:
        return self.world.training_centre.slug

    @property
    def employer(self) -> str:
        return self.world.employer.slug

    @cached_property
    def invitation_token(self) -> str:
        return self._invitation[1]

    @cached_property
    def invitation_pk(self) -> int:
        return self._invitation[0].pk

    @cached_property
    def _invitation(self):
        return invite_with_link(
            organisation=self.world.training_centre,
            email="nieuwe.werkzoekende@example.nl",
            role=Role.JOBSEEKER,
            invited_by=self.world.coach,
        )

    @cached_property
    def jobseeker_membership(self) -> int:
        return Membership.objects.get(
            user=self.world.jobseeker, organisation=self.world.training_centre
        ).pk

    def portfolio(self, *audiences: str, coach_agrees: bool = False, publish: bool = True):
        """The jobseeker's portfolio, published and shared with `audiences`."""
        from portfolios.factories import make_portfolio

        return make_portfolio(
            jobseeker=self.world.jobseeker,
            audiences=audiences,
            coach=self.world.coach if coach_agrees else None,
            publish=publish,
        )

    def proposal(self, *, state: str = "proposed"):
        """A proposal by the training centre's coach of the jobseeker for an open vacancy."""
        from intermediaries.factories import make_proposal
        from vacancies.models import Vacancy

        return make_proposal(
            coach=self.world.coach,
            portfolio=self.portfolio("coach_organisation"),
            vacancy=Vacancy.objects.get(pk=vacancy_matrix.open_vacancy(self.world)),
            recruiter=self.world.recruiter,
            state=state,
        )

    def portfolio_url(self, *audiences: str, **options) -> str:
        return reverse("portfolio_detail", args=[self.portfolio(*audiences, **options).public_id])

    @cached_property
    def home(self) -> Page:
        from portal.pages.services import site_pages_ensure

        return site_pages_ensure()

    @cached_property
    def document_url(self) -> str:
        from wagtail.documents.models import Document

        document = Document(title="Folder Talentbrug")
        document.file.save("folder-talentbrug.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        return document.url


# --- Our own URLs: a row for each, with every role spelled out. -------------------------

PROJECT_ROWS = [
    Row("health", "open", lambda c: reverse("health"), everyone(OK)),
    Row(
        "set_language",
        "to English",
        lambda c: reverse("set_language"),
        everyone(ONWARDS),  # a cookie, nothing stored
        method="post",
        data={"language": "en", "next": "/"},
    ),
    Row("dashboard", "own", lambda c: reverse("dashboard"), signed_in(OK)),
    Row("profile", "own", lambda c: reverse("profile"), signed_in(OK)),
    Row(
        "profile",
        "save",
        lambda c: reverse("profile"),
        signed_in(DONE),
        method="post",
        data={"first_name": "Nieuw", "last_name": "", "preferred_language": "nl"},
    ),
    Row("data_access_log", "own", lambda c: reverse("data_access_log"), signed_in(OK)),
    # Notifications (h13): everyone sees only their own list.
    Row("notification_list", "own", lambda c: reverse("notification_list"), signed_in(OK)),
    Row(
        "organisation_detail",
        "training centre",
        lambda c: reverse("organisation_detail", args=[c.centre]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=OK,
            other_coach=NOT_FOUND,
            training_staff=OK,
            recruiter=NOT_FOUND,
            organisation_admin=OK,
            network_admin=OK,
        ),
    ),
    Row(
        "organisation_detail",
        "employer",
        lambda c: reverse("organisation_detail", args=[c.employer]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            recruiter=OK,
            organisation_admin=NOT_FOUND,
            network_admin=OK,
        ),
    ),
    Row(
        "organisation_detail",
        "unknown slug",
        lambda c: reverse("organisation_detail", args=["bestaat-niet"]),
        signed_in(NOT_FOUND),
    ),
    Row(
        "invitation_create",
        "training centre",
        lambda c: reverse("invitation_create", args=[c.centre]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=OK,
            other_coach=NOT_FOUND,
            training_staff=FORBIDDEN,
            recruiter=NOT_FOUND,
            organisation_admin=OK,
            network_admin=OK,
        ),
    ),
    Row(
        "invitation_create",
        "training centre, jobseeker",
        lambda c: reverse("invitation_create", args=[c.centre]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=DONE,
            other_coach=NOT_FOUND,
            training_staff=FORBIDDEN,
            recruiter=NOT_FOUND,
            organisation_admin=DONE,
            network_admin=DONE,
        ),
        method="post",
        data={"email": "nieuw@example.nl", "first_name": "Nieuw", "role": Role.JOBSEEKER},
    ),
    Row(
        "invitation_create",
        "employer",
        lambda c: reverse("invitation_create", args=[c.employer]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            # A recruiter sees the members but invites nobody; employers have no jobseekers.
            recruiter=FORBIDDEN,
            organisation_admin=NOT_FOUND,
            network_admin=OK,
        ),
    ),
    Row(
        "invitation_revoke",
        "open invitation",
        lambda c: reverse("invitation_revoke", args=[c.centre, c.invitation_pk]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=DONE,
            other_coach=NOT_FOUND,
            training_staff=FORBIDDEN,
            recruiter=NOT_FOUND,
            organisation_admin=DONE,
            network_admin=DONE,
        ),
        method="post",
    ),
    Row(
        "invitation_revoke",
        "GET refused",
        lambda c: reverse("invitation_revoke", args=[c.centre, c.invitation_pk]),
        signed_in(NOT_ALLOWED),
    ),
    Row(
        "membership_edit",
        "jobseeker of the training centre",
        lambda c: reverse("membership_edit", args=[c.centre, c.jobseeker_membership]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            recruiter=NOT_FOUND,
            organisation_admin=OK,
            network_admin=OK,
        ),
    ),
    Row(
        "membership_edit",
        "change role",
        lambda c: reverse("membership_edit", args=[c.centre, c.jobseeker_membership]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            recruiter=NOT_FOUND,
            organisation_admin=DONE,
            network_admin=DONE,
        ),
        method="post",
        data={"role": Role.COACH},
    ),
    Row(
        "membership_edit",
        "membership of another organisation",
        lambda c: reverse(
            "membership_edit",
            args=[
                c.centre,
                Membership.objects.get(user=c.world.other_jobseeker).pk,
            ],
        ),
        signed_in(NOT_FOUND),
    ),
    # The link in the e-mail: the token is the permission.
    Row(
        "invitation_accept",
        "valid token",
        lambda c: reverse("invitation_accept", args=[c.invitation_token]),
        everyone(OK),
    ),
    Row(
        "invitation_accept",
        "unknown token",
        lambda c: reverse("invitation_accept", args=["geen-geldige-code"]),
        everyone(GONE),
    ),
    # A published portfolio: seen by its owner and by the audiences they chose, 404 for others.
    Row(
        "portfolio_detail",
        "private",
        lambda c: c.portfolio_url(),
        each(
            anonymous=LOGIN,
            jobseeker=OK,
            other_jobseeker=NOT_FOUND,
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            recruiter=NOT_FOUND,
            organisation_admin=NOT_FOUND,
            network_admin=NOT_FOUND,  # managing the network is no reason to read portfolios
        ),
    ),
    Row(
        "portfolio_detail",
        "shared with the coach's organisation",
        lambda c: c.portfolio_url("coach_organisation"),
        each(
            anonymous=LOGIN,
            jobseeker=OK,
            other_jobseeker=NOT_FOUND,
            coach=OK,
            other_coach=NOT_FOUND,
            training_staff=OK,
            recruiter=NOT_FOUND,
            organisation_admin=OK,
            network_admin=NOT_FOUND,  # managing the network is no reason to read portfolios
        ),
    ),
    Row(
        "portfolio_detail",
        "shared with the network",
        lambda c: c.portfolio_url("network"),
        each(
            anonymous=LOGIN,
            jobseeker=OK,
            other_jobseeker=NOT_FOUND,
            # "Other intermediaries": the own organisation was not switched on.
            coach=NOT_FOUND,
            other_coach=OK,
            training_staff=NOT_FOUND,
            recruiter=NOT_FOUND,
            organisation_admin=NOT_FOUND,
            network_admin=NOT_FOUND,  # managing the network is no reason to read portfolios
        ),
    ),
    Row(
        "portfolio_detail",
        "employers, jobseeker only",
        lambda c: c.portfolio_url("employers_named"),
        each(
            anonymous=LOGIN,
            jobseeker=OK,
            other_jobseeker=NOT_FOUND,
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            recruiter=NOT_FOUND,  # the coach has not agreed yet
            organisation_admin=NOT_FOUND,
            network_admin=NOT_FOUND,  # managing the network is no reason to read portfolios
        ),
    ),
    Row(
        "portfolio_detail",
        "employers, jobseeker and coach",
        lambda c: c.portfolio_url("employers_anonymous", coach_agrees=True),
        each(
            anonymous=LOGIN,
            jobseeker=OK,
            other_jobseeker=NOT_FOUND,
            # Employer sharing alone does not open it to intermediaries.
            coach=NOT_FOUND,
            other_coach=NOT_FOUND,
            training_staff=NOT_FOUND,
            recruiter=OK,
            organisation_admin=NOT_FOUND,
            network_admin=NOT_FOUND,  # managing the network is no reason to read portfolios
        ),
    ),
    # The coach's half of employer sharing: coaches and admins of the jobseeker's own
    # organisation, on a portfolio shared with it; everyone else 404.
    Row(
        "coach_employer_approval",
        "shared with the coach's organisation",
        lambda c: reverse(
            "coach_employer_approval", args=[c.portfolio("coach_organisation").public_id]
        ),
        {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
        method="post",
        data={"approved": "1"},
    ),
    # Coach suggestions (issue 4): coaches and admins of the jobseeker's own organisation leave
    # them on the portfolio page; nobody else, not even an intermediary who may see the page.
    Row(
        "portfolio_detail",
        "leave a suggestion",
        lambda c: reverse(
            "portfolio_detail", args=[suggestions_matrix.shared_with_coaches(c.world).public_id]
        ),
        {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
        method="post",
        data={"step": "about", "text": "Vertel over je stage."},
    ),
    Row(
        "portfolio_detail",
        "suggestion with an unknown skill picked",
        lambda c: (
            reverse(
                "portfolio_detail", args=[suggestions_matrix.shared_with_coaches(c.world).public_id]
            )
            + "?kies=999999"
        ),
        {**coach_organisation_sees(OK), "coach": NOT_FOUND, "organisation_admin": NOT_FOUND},
    ),
    Row(
        "coach_employer_approval",
        "GET refused",
        lambda c: reverse("coach_employer_approval", args=[c.portfolio().public_id]),
        signed_in(NOT_ALLOWED),
    ),
    Row(
        "portfolio_detail",
        "never published",
        lambda c: c.portfolio_url("coach_organisation", publish=False),
        signed_in(NOT_FOUND),
    ),
    Row(
        "portfolio_detail",
        "unknown id",
        lambda c: reverse("portfolio_detail", args=[uuid.uuid4()]),
        signed_in(NOT_FOUND),
    ),
    # The skill picker's autocomplete: signed-in users only, 403 JSON (no redirect) for others.
    Row(
        "taxonomy:concept_search",
        "query",
        lambda c: reverse("taxonomy:concept_search") + "?q=lassen",
        signed_in(OK, anonymous=FORBIDDEN),
    ),
    # Wagtail serves our site pages to everyone; other page types need their own rows.
    Row("wagtail_serve", "home", lambda c: c.home.url, everyone(OK), page_type="pages.homepage"),
    *(
        Row(
            "wagtail_serve",
            slug,
            lambda c, slug=slug: f"/{slug}/" if c.home else "",
            everyone(OK),
            page_type="pages.contentpage",
        )
        for slug in ("over-talentbrug", "privacy", "toegankelijkheid")
    ),
    # Portfolios are Wagtail pages outside the site tree: never served by Wagtail.
    Row(
        "wagtail_serve",
        "portfolio page by its tree path",
        lambda c: c.home and c.portfolio("network").url_path,
        everyone(NOT_FOUND),
        page_type="portfolios.portfoliopage",
    ),
    Row(
        "wagtail_serve",
        "portfolio index by its tree path",
        lambda c: c.home and c.portfolio("network").get_parent().url_path,
        everyone(NOT_FOUND),
        page_type="portfolios.portfolioindexpage",
    ),
    # --- The jobseeker's own portfolio editor (issue 4): no person's id in any URL; every
    # jobseeker edits their own portfolio, other roles get 403, ids of someone else's
    # entries and revisions are 404.
    Row(
        "portfolio_editor", "start", lambda c: reverse("portfolio_editor"), jobseekers_only(ONWARDS)
    ),
    *(
        Row(name, "own", lambda c, name=name: reverse(name), jobseekers_only(OK))
        for name in (
            "portfolio_edit_about",
            "portfolio_edit_skills",
            "portfolio_edit_done",
            "portfolio_edit_wishes",
            "portfolio_edit_consent",
            "portfolio_edit_publish",
            "portfolio_edit_history",
        )
    ),
    Row(
        "portfolio_edit_about",
        "save",
        lambda c: reverse("portfolio_edit_about"),
        jobseekers_only(DONE),
        method="post",
        data={"headline": "Ik werk graag buiten"},
    ),
    Row(
        "portfolio_edit_skills",
        "unknown skill",
        lambda c: reverse("portfolio_edit_skills"),
        jobseekers_only(NOT_FOUND),
        method="post",
        data={"action": "set", "concept": "999999", "level": "3"},
    ),
    Row(
        "portfolio_edit_wishes",
        "save",
        lambda c: reverse("portfolio_edit_wishes"),
        jobseekers_only(DONE),
        method="post",
        data={"action": "save", "hours_min": "16", "hours_max": "24"},
    ),
    Row(
        "portfolio_edit_consent",
        "save",
        lambda c: reverse("portfolio_edit_consent"),
        jobseekers_only(DONE),
        method="post",
        data={"coach_organisation": "on"},
    ),
    Row(
        "portfolio_edit_publish",
        "publish",
        lambda c: reverse("portfolio_edit_publish"),
        jobseekers_only(DONE),
        method="post",
        data={"action": "publish"},
    ),
    Row(
        "portfolio_edit_done_add",
        "experience",
        lambda c: reverse("portfolio_edit_done_add", args=["experience"]),
        jobseekers_only(OK),
    ),
    Row(
        "portfolio_edit_done_add",
        "save",
        lambda c: reverse("portfolio_edit_done_add", args=["education"]),
        jobseekers_only(DONE),
        method="post",
        data={"name": "VCA"},
    ),
    Row(
        "portfolio_edit_done_entry",
        "the jobseeker's entry",
        lambda c: reverse("portfolio_edit_done_entry", args=[editor_matrix.block_id(c.world)]),
        jobseekers_only(OK, other_jobseeker=NOT_FOUND),
    ),
    Row(
        "portfolio_edit_done_remove",
        "the jobseeker's entry",
        lambda c: reverse("portfolio_edit_done_remove", args=[editor_matrix.block_id(c.world)]),
        jobseekers_only(DONE, other_jobseeker=NOT_FOUND),
        method="post",
    ),
    Row(
        "portfolio_edit_done_remove",
        "GET refused",
        lambda c: reverse("portfolio_edit_done_remove", args=[uuid.uuid4()]),
        jobseekers_only(NOT_ALLOWED),
    ),
    *(
        Row(
            "portfolio_edit_preview",
            audience,
            lambda c, audience=audience: reverse("portfolio_edit_preview", args=[audience]),
            jobseekers_only(OK),
        )
        for audience in ("coach", "werkgever")
    ),
    Row(
        "portfolio_edit_preview",
        "unknown audience",
        lambda c: reverse("portfolio_edit_preview", args=["buurman"]),
        jobseekers_only(NOT_FOUND),
    ),
    Row(
        "portfolio_edit_restore",
        "the jobseeker's revision",
        lambda c: reverse("portfolio_edit_restore", args=[editor_matrix.revision_id(c.world)]),
        jobseekers_only(DONE, other_jobseeker=NOT_FOUND),
        method="post",
    ),
    Row(
        "portfolio_edit_restore",
        "GET refused",
        lambda c: reverse("portfolio_edit_restore", args=[1]),
        jobseekers_only(NOT_ALLOWED),
    ),
    # Only the jobseeker decides about a coach's suggestion; someone else's is 404.
    Row(
        "portfolio_suggestion_decide",
        "accept the jobseeker's",
        lambda c: reverse(
            "portfolio_suggestion_decide", args=[suggestions_matrix.suggestion_id(c.world)]
        ),
        jobseekers_only(DONE, other_jobseeker=NOT_FOUND),
        method="post",
        data={"action": "accept"},
    ),
    Row(
        "portfolio_suggestion_decide",
        "GET refused",
        lambda c: reverse(
            "portfolio_suggestion_decide", args=[suggestions_matrix.suggestion_id(c.world)]
        ),
        jobseekers_only(NOT_ALLOWED),
    ),
    # --- Employers and vacancies (issue 5). A vacancy outside one's own employer is 404.
    Row(
        "employer_signup",
        "form",
        lambda c: reverse("employer_signup"),
        signed_in(ONWARDS, anonymous=OK),
    ),
    Row(
        "employer_signup",
        "bad KvK number",
        lambda c: reverse("employer_signup"),
        signed_in(ONWARDS, anonymous=OK),  # the form again, with the message
        method="post",
        data={"organisation_name": "Nieuw BV", "kvk_number": "123"},
    ),
    Row(
        "employer_vacancies",
        "own employer",
        lambda c: reverse("employer_vacancies", args=[c.employer]),
        EMPLOYER_ONLY,
    ),
    Row(
        "employer_vacancies",
        "training centre",
        lambda c: reverse("employer_vacancies", args=[c.centre]),
        signed_in(NOT_FOUND),
    ),
    Row(
        "vacancy_create",
        "form",
        lambda c: reverse("vacancy_create", args=[c.employer]),
        EMPLOYER_ONLY,
    ),
    Row(
        "vacancy_create",
        "save draft",
        lambda c: reverse("vacancy_create", args=[c.employer]),
        EMPLOYER_DONE,
        method="post",
        data={"title": "Orderpicker", "work_type": "paid_job"},
    ),
    Row(
        "employer_profile",
        "own employer",
        lambda c: reverse("employer_profile", args=[vacancy_matrix.employer_slug(c.world)]),
        EMPLOYER_ONLY,
    ),
    Row(
        "vacancy_manage",
        "own draft",
        lambda c: reverse("vacancy_manage", args=[vacancy_matrix.own_vacancy(c.world)]),
        EMPLOYER_ONLY,
    ),
    Row(
        "vacancy_manage",
        "another employer's",
        lambda c: reverse("vacancy_manage", args=[vacancy_matrix.other_employers_vacancy(c.world)]),
        {**signed_in(NOT_FOUND), "network_admin": OK},
    ),
    *(
        Row(
            "vacancy_edit",
            step,
            lambda c, step=step: reverse(
                "vacancy_edit", args=[vacancy_matrix.own_vacancy(c.world), step]
            ),
            EMPLOYER_ONLY,
        )
        for step in ("basis", "plaats-en-tijd", "vaardigheden", "extra")
    ),
    Row(
        "vacancy_edit",
        "save a step",
        lambda c: reverse("vacancy_edit", args=[vacancy_matrix.own_vacancy(c.world), "basis"]),
        EMPLOYER_DONE,
        method="post",
        data={"title": "Orderpicker", "work_type": "paid_job"},
    ),
    Row(
        "vacancy_edit",
        "unknown step",
        lambda c: reverse("vacancy_edit", args=[vacancy_matrix.own_vacancy(c.world), "x"]),
        signed_in(NOT_FOUND),
    ),
    *(
        Row(
            name,
            "own vacancy",
            lambda c, name=name, make=make: reverse(name, args=[make(c.world)]),
            EMPLOYER_DONE,
            method="post",
        )
        for name, make in (
            ("vacancy_publish", vacancy_matrix.own_vacancy),
            ("vacancy_close", vacancy_matrix.open_vacancy),
            ("vacancy_duplicate", vacancy_matrix.own_vacancy),
        )
    ),
    *(
        Row(
            name,
            "another employer's",
            lambda c, name=name, vacancy=vacancy: reverse(name, args=[vacancy(c.world)]),
            {**signed_in(NOT_FOUND), "network_admin": DONE},
            method="post",
        )
        for name, vacancy in (
            ("vacancy_publish", vacancy_matrix.other_employers_draft),
            ("vacancy_close", vacancy_matrix.other_employers_vacancy),
            ("vacancy_duplicate", vacancy_matrix.other_employers_vacancy),
        )
    ),
    *(
        Row(
            name,
            "GET refused",
            lambda c, name=name: reverse(name, args=[vacancy_matrix.own_vacancy(c.world)]),
            signed_in(NOT_ALLOWED),
        )
        for name in ("vacancy_publish", "vacancy_close", "vacancy_duplicate")
    ),
    Row("vacancy_list", "network", lambda c: reverse("vacancy_list"), signed_in(OK)),
    Row(
        "vacancy_detail",
        "open, for intermediaries",
        lambda c: reverse("vacancy_detail", args=[vacancy_matrix.open_vacancy(c.world)]),
        each(
            anonymous=LOGIN,
            jobseeker=NOT_FOUND,
            other_jobseeker=NOT_FOUND,
            coach=OK,
            other_coach=OK,
            training_staff=OK,
            recruiter=NOT_FOUND,
            organisation_admin=OK,
            network_admin=OK,
        ),
    ),
    Row(
        "vacancy_detail",
        "open, shown to jobseekers",
        lambda c: reverse(
            "vacancy_detail", args=[vacancy_matrix.open_vacancy(c.world, show_to_jobseekers=True)]
        ),
        signed_in(OK),
    ),
    Row(
        "vacancy_detail",
        "draft",
        lambda c: reverse(
            "vacancy_detail", args=[vacancy_matrix.own_vacancy(c.world, show_to_jobseekers=True)]
        ),
        signed_in(NOT_FOUND),
    ),
    Row(
        "wagtail_serve",
        "no such page",
        lambda c: "/bestaat-niet/" if c.home else "",
        everyone(NOT_FOUND),
    ),
    # --- The intermediary's search screens (issue 6): staff of approved intermediaries only;
    # other roles get 403 before anything is looked up, and a vacancy or portfolio the
    # searcher may not open is 404, so neither can be probed.
    Row(
        "search_vacancy_candidates",
        "unknown vacancy",
        lambda c: reverse("search_vacancy_candidates", args=[999999]),
        intermediary_staff(NOT_FOUND),
    ),
    Row(
        "search_vacancy_candidates",
        "draft",
        lambda c: reverse("search_vacancy_candidates", args=[vacancy_matrix.own_vacancy(c.world)]),
        intermediary_staff(NOT_FOUND),
    ),
    Row(
        "search_vacancy_candidates",
        "open",
        lambda c: reverse("search_vacancy_candidates", args=[vacancy_matrix.open_vacancy(c.world)]),
        intermediary_staff(OK),
    ),
    Row(
        "search_candidate_vacancies",
        "unknown id",
        lambda c: reverse("search_candidate_vacancies", args=[uuid.uuid4()]),
        intermediary_staff(NOT_FOUND),
    ),
    Row(
        "search_candidate_vacancies",
        "private",
        lambda c: reverse("search_candidate_vacancies", args=[c.portfolio().public_id]),
        intermediary_staff(NOT_FOUND),
    ),
    Row(
        "search_candidate_vacancies",
        "employers, jobseeker and coach",
        lambda c: reverse(
            "search_candidate_vacancies",
            args=[c.portfolio("employers_anonymous", coach_agrees=True).public_id],
        ),
        intermediary_staff(NOT_FOUND),
    ),
    Row(
        "search_candidate_vacancies",
        "shared with the network",
        lambda c: reverse("search_candidate_vacancies", args=[c.portfolio("network").public_id]),
        {**intermediary_staff(NOT_FOUND), "other_coach": OK},
    ),
    Row(
        "search_candidate_vacancies",
        "shared with the coach's organisation",
        lambda c: reverse(
            "search_candidate_vacancies", args=[c.portfolio("coach_organisation").public_id]
        ),
        {**intermediary_staff(OK), "other_coach": NOT_FOUND},
    ),
    # --- The free search, saved searches and "new vacancies for you" (issue 13).
    *search_matrix.rows(),
    # --- The coach's caseload, the organisation's proposals and proposing from search
    # (issue 7, h11). Coaches and admins of the approved intermediary act; training staff
    # read the caseload only; an organisation one does not coach for is 404.
    Row(
        "caseload",
        "training centre",
        lambda c: reverse("caseload", args=[c.centre]),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
    ),
    Row(
        "caseload_assign",
        "no coach chosen",
        lambda c: reverse("caseload_assign", args=[c.centre, c.world.jobseeker.pk]),
        {  # back to the caseload with a message: nothing to do without a coach
            **signed_in(NOT_FOUND),
            "coach": ONWARDS,
            "training_staff": FORBIDDEN,
            "organisation_admin": ONWARDS,
        },
        method="post",
    ),
    Row(
        "caseload_assign",
        "GET refused",
        lambda c: reverse("caseload_assign", args=[c.centre, c.world.jobseeker.pk]),
        {**everyone(NOT_ALLOWED), "anonymous": LOGIN},
    ),
    Row(
        "caseload_hand_over",
        "no coach chosen",
        lambda c: reverse("caseload_hand_over", args=[c.centre, c.world.jobseeker.pk]),
        {  # back to the caseload with a message: nothing to do without a coach
            **signed_in(NOT_FOUND),
            "coach": ONWARDS,
            "training_staff": FORBIDDEN,
            "organisation_admin": ONWARDS,
        },
        method="post",
    ),
    Row(
        "organisation_proposals",
        "training centre",
        lambda c: reverse("organisation_proposals", args=[c.centre]),
        {**signed_in(NOT_FOUND), "coach": OK, "organisation_admin": OK},
    ),
    Row(
        "organisation_proposal_withdraw",
        "open proposal",
        lambda c: reverse("organisation_proposal_withdraw", args=[c.centre, c.proposal().pk]),
        {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
        method="post",
    ),
    Row(
        "organisation_proposal_target_group",
        "placed proposal",
        lambda c: reverse(
            "organisation_proposal_target_group",
            args=[c.centre, c.proposal(state="placed").pk],
        ),
        {**signed_in(NOT_FOUND), "coach": DONE, "organisation_admin": DONE},
        method="post",
        data={"target_group": "wajong"},
    ),
    Row(
        "propose",
        "shared with the coach's organisation",
        lambda c: reverse(
            "propose",
            args=[
                vacancy_matrix.open_vacancy(c.world),
                c.portfolio("coach_organisation").public_id,
            ],
        ),
        {**signed_in(FORBIDDEN), "coach": OK, "other_coach": NOT_FOUND, "organisation_admin": OK},
    ),
    Row(
        "propose_choose",
        "shared with the coach's organisation",
        lambda c: reverse("propose_choose", args=[c.portfolio("coach_organisation").public_id]),
        {**signed_in(FORBIDDEN), "coach": OK, "other_coach": NOT_FOUND, "organisation_admin": OK},
    ),
    Row(
        "propose_choose",
        "shared with the network",
        lambda c: reverse("propose_choose", args=[c.portfolio("network").public_id]),
        # Shared with other intermediaries only: the own organisation was not switched on.
        {
            **signed_in(FORBIDDEN),
            "coach": NOT_FOUND,
            "other_coach": OK,
            "organisation_admin": NOT_FOUND,
        },
    ),
    Row(
        "propose_choose",
        "unknown id",
        lambda c: reverse("propose_choose", args=[uuid.uuid4()]),
        {
            **signed_in(FORBIDDEN),
            "coach": NOT_FOUND,
            "other_coach": NOT_FOUND,
            "organisation_admin": NOT_FOUND,
        },
    ),
    Row(
        "propose",
        "draft vacancy",
        lambda c: reverse(
            "propose",
            args=[vacancy_matrix.own_vacancy(c.world), c.portfolio("coach_organisation").public_id],
        ),
        {
            **signed_in(FORBIDDEN),
            "coach": NOT_FOUND,
            "other_coach": NOT_FOUND,
            "organisation_admin": NOT_FOUND,
        },
    ),
    Row(
        "propose",
        "propose",
        lambda c: reverse(
            "propose",
            args=[
                vacancy_matrix.open_vacancy(c.world),
                c.portfolio("coach_organisation").public_id,
            ],
        ),
        # Another organisation's coach gets the service's refusal on the form, not a proposal.
        {**signed_in(FORBIDDEN), "coach": DONE, "other_coach": OK, "organisation_admin": DONE},
        method="post",
        data={"motivation": "Past goed bij wat Sanne wil en kan."},
    ),
    # --- Proposals for me (jobseeker) and the employer's inbox per vacancy (issue 7, h12):
    # only the portfolio's owner answers; only the vacancy's recruiters and admins see its
    # inbox (no network-admin exception: running the network is no reason to decide).
    Row("my_proposals", "own", lambda c: reverse("my_proposals"), signed_in(OK)),
    Row(
        "my_proposal_agree",
        "the jobseeker's proposal",
        lambda c: reverse("my_proposal_agree", args=[proposal_matrix.proposal(c.world).pk]),
        {**signed_in(NOT_FOUND), "jobseeker": DONE},
        method="post",
    ),
    Row(
        "my_proposal_agree",
        "GET refused",
        lambda c: reverse("my_proposal_agree", args=[proposal_matrix.proposal(c.world).pk]),
        signed_in(NOT_ALLOWED),
    ),
    Row(
        "my_proposal_decline",
        "the jobseeker's proposal",
        lambda c: reverse("my_proposal_decline", args=[proposal_matrix.proposal(c.world).pk]),
        {**signed_in(NOT_FOUND), "jobseeker": DONE},
        method="post",
    ),
    Row(
        "my_proposal_decline",
        "GET refused",
        lambda c: reverse("my_proposal_decline", args=[proposal_matrix.proposal(c.world).pk]),
        signed_in(NOT_ALLOWED),
    ),
    Row(
        "vacancy_proposals",
        "another employer's vacancy",
        lambda c: reverse(
            "vacancy_proposals", args=proposal_matrix.other_employers_inbox_args(c.world)
        ),
        signed_in(NOT_FOUND),
    ),
    Row(
        "vacancy_proposals",
        "own vacancy",
        lambda c: reverse("vacancy_proposals", args=proposal_matrix.inbox_args(c.world)),
        {**signed_in(NOT_FOUND), "recruiter": OK},
    ),
    Row(
        "vacancy_proposal_answer",
        "not hired after the interview",
        lambda c: reverse("vacancy_proposal_answer", args=proposal_matrix.answer_args(c.world)),
        {**signed_in(NOT_FOUND), "recruiter": DONE},
        method="post",
    ),
    Row(
        "vacancy_proposal_answer",
        "GET refused",
        lambda c: reverse("vacancy_proposal_answer", args=proposal_matrix.answer_args(c.world)),
        signed_in(NOT_ALLOWED),
    ),
    # --- Evidence files, PDF CVs, my data (issue 4): files only through the permission
    # policy, and only the person themself reaches their own jobs, exports and erasure.
    Row("evidence_list", "own", lambda c: reverse("evidence_list"), jobseekers_own(OK)),
    Row(
        "evidence_list",
        "add a reference",
        lambda c: reverse("evidence_list"),
        jobseekers_own(DONE),
        method="post",
        data={"kind": "reference", "text": "Werkt netjes, zegt de bakker."},
    ),
    Row(
        "evidence_delete",
        "the jobseeker's",
        lambda c: reverse("evidence_delete", args=[documents_matrix.reference(c.world)]),
        owner_only(DONE),
        method="post",
    ),
    Row(
        "evidence_file",
        "photo, shared with the coach's organisation",
        lambda c: reverse(
            "evidence_file", args=[documents_matrix.photo(c.world, "coach_organisation")]
        ),
        coach_organisation_sees(OK),
    ),
    Row(
        "evidence_file",
        "photo, employers anonymised",
        lambda c: reverse(
            "evidence_file",
            args=[documents_matrix.photo(c.world, "employers_anonymous", coach_agrees=True)],
        ),
        owner_only(OK),
    ),
    Row(
        "evidence_file",
        "guessed id",
        lambda c: reverse("evidence_file", args=[uuid.uuid4()]),
        signed_in(NOT_FOUND),
    ),
    Row(
        "cv_request",
        "shared with the coach's organisation",
        lambda c: reverse(
            "cv_request",
            args=[documents_matrix.shared_portfolio(c.world, "coach_organisation").public_id],
        ),
        coach_organisation_sees(OK),
    ),
    Row(
        "cv_request",
        "employers anonymised",
        lambda c: reverse(
            "cv_request",
            args=[
                documents_matrix.shared_portfolio(
                    c.world, "employers_anonymous", coach_agrees=True
                ).public_id
            ],
        ),
        {**owner_only(OK), "recruiter": OK},
    ),
    Row(
        "cv_request",
        "ask for the anonymised one",
        lambda c: reverse(
            "cv_request",
            args=[documents_matrix.shared_portfolio(c.world, "coach_organisation").public_id],
        ),
        coach_organisation_sees(DONE),
        method="post",
        data={"version": "anonymised"},
    ),
    Row(
        "cv_status",
        "the jobseeker's",
        lambda c: reverse("cv_status", args=[documents_matrix.cv(c.world)]),
        owner_only(OK),
    ),
    Row(
        "cv_download",
        "the jobseeker's",
        lambda c: reverse("cv_download", args=[documents_matrix.cv(c.world)]),
        owner_only(OK),
    ),
    Row("my_data", "own", lambda c: reverse("my_data"), signed_in(OK)),
    Row(
        "portfolio_import",
        "own",
        lambda c: reverse("portfolio_import"),
        jobseekers_only(OK),
    ),
    Row(
        "data_export_request",
        "own",
        lambda c: reverse("data_export_request"),
        signed_in(DONE),
        method="post",
    ),
    Row(
        "data_export_download",
        "the jobseeker's",
        lambda c: reverse("data_export_download", args=[documents_matrix.data_export(c.world)]),
        owner_only(OK),
    ),
    Row("account_erase", "confirmation page", lambda c: reverse("account_erase"), signed_in(OK)),
    Row(
        "account_erase",
        "wrong password: nothing happens",
        lambda c: reverse("account_erase"),
        signed_in(OK),
        method="post",
        data={"understood": "on", "password": "niet-het-wachtwoord"},
    ),
    # --- Training centres: trajectories, goals, modules, assessments (issue 8, person screens).
    # Staff (training staff, coaches, admins) of the centre only; every other role 404, the
    # network admin too. Where the data needs ids made with the world (a jobseeker, a form
    # prefix per goal), the rows post without it: staff get the page again with the form's
    # errors (200), which still shows they got past the permission check.
    Row(
        "trajectory_list",
        "own centre",
        lambda c: reverse("trajectory_list", args=[c.centre]),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
    ),
    Row(
        "trajectory_list",
        "another training centre",
        lambda c: reverse(
            "trajectory_list", args=[trajectory_matrix.other_centre_args(c.world)[0]]
        ),
        signed_in(NOT_FOUND),
    ),
    Row(
        "trajectory_list",
        "enrol without choosing a jobseeker",
        lambda c: reverse("trajectory_list", args=[c.centre]),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
        method="post",
        data={"enrol-start_date": "2026-02-02"},
    ),
    Row(
        "trajectory_detail",
        "own centre",
        lambda c: reverse("trajectory_detail", args=trajectory_matrix.args(c.world)),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
    ),
    Row(
        "trajectory_detail",
        "another training centre",
        lambda c: reverse("trajectory_detail", args=trajectory_matrix.other_centre_args(c.world)),
        signed_in(NOT_FOUND),
    ),
    Row(
        "trajectory_status",
        "to training",
        lambda c: reverse("trajectory_status", args=trajectory_matrix.args(c.world)),
        {**signed_in(NOT_FOUND), "coach": DONE, "training_staff": DONE, "organisation_admin": DONE},
        method="post",
        data={"status-status": "training"},
    ),
    Row(
        "trajectory_status",
        "another training centre",
        lambda c: reverse("trajectory_status", args=trajectory_matrix.other_centre_args(c.world)),
        signed_in(NOT_FOUND),
        method="post",
        data={"status-status": "training"},
    ),
    Row(
        "trajectory_status",
        "GET refused",
        lambda c: reverse("trajectory_status", args=trajectory_matrix.args(c.world)),
        signed_in(NOT_ALLOWED),
    ),
    Row(
        "trajectory_coach",
        "no coach",
        lambda c: reverse("trajectory_coach", args=trajectory_matrix.args(c.world)),
        {**signed_in(NOT_FOUND), "coach": DONE, "training_staff": DONE, "organisation_admin": DONE},
        method="post",
        data={"coach-coach": ""},
    ),
    Row(
        "trajectory_goal_add",
        "a goal",
        lambda c: reverse("trajectory_goal_add", args=trajectory_matrix.args(c.world)),
        {**signed_in(NOT_FOUND), "coach": DONE, "training_staff": DONE, "organisation_admin": DONE},
        method="post",
        data={"goal-text": "Ik rijd zelf heftruck"},
    ),
    Row(
        "trajectory_goal_add",
        "GET refused",
        lambda c: reverse("trajectory_goal_add", args=trajectory_matrix.args(c.world)),
        signed_in(NOT_ALLOWED),
    ),
    Row(
        "trajectory_goal_status",
        "no status chosen",
        lambda c: reverse(
            "trajectory_goal_status",
            args=trajectory_matrix.args(c.world, trajectory_matrix.goal(c.world).pk),
        ),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
        method="post",
    ),
    Row(
        "trajectory_goal_comment",
        "empty reply",
        lambda c: reverse(
            "trajectory_goal_comment",
            args=trajectory_matrix.args(c.world, trajectory_matrix.goal(c.world).pk),
        ),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
        method="post",
    ),
    Row(
        "trajectory_module_plan",
        "a module",
        lambda c: reverse("trajectory_module_plan", args=trajectory_matrix.args(c.world)),
        {**signed_in(NOT_FOUND), "coach": DONE, "training_staff": DONE, "organisation_admin": DONE},
        method="post",
        data={"module-name": "VCA basis"},
    ),
    Row(
        "trajectory_module_complete",
        "no date",
        lambda c: reverse(
            "trajectory_module_complete",
            args=trajectory_matrix.args(c.world, trajectory_matrix.module(c.world).pk),
        ),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
        method="post",
    ),
    Row(
        "trajectory_assessment_add",
        "no skill chosen",
        lambda c: reverse("trajectory_assessment_add", args=trajectory_matrix.args(c.world)),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
        method="post",
        data={"assessment-level": "3", "assessment-assessed_on": "2026-02-01"},
    ),
    Row(
        "trajectory_assessment_add",
        "another training centre",
        lambda c: reverse(
            "trajectory_assessment_add", args=trajectory_matrix.other_centre_args(c.world)
        ),
        signed_in(NOT_FOUND),
        method="post",
        data={"assessment-level": "3", "assessment-assessed_on": "2026-02-01"},
    ),
    # "My progress": every signed-in person sees their own (or a friendly explanation).
    Row("my_progress", "own", lambda c: reverse("my_progress"), signed_in(OK)),
    Row(
        "my_goal_comment",
        "the jobseeker's goal, empty",
        lambda c: reverse("my_goal_comment", args=[trajectory_matrix.goal(c.world).pk]),
        {**signed_in(NOT_FOUND), "jobseeker": OK},
        method="post",
    ),
    Row(
        "my_goal_comment",
        "GET refused",
        lambda c: reverse("my_goal_comment", args=[trajectory_matrix.goal(c.world).pk]),
        signed_in(NOT_ALLOWED),
    ),
    # END trajectory person rows
    # --- Training centres: cohorts and progress reports (issue 8).
    # Staff of the training centre (training staff, coaches, admins) only; the person asks
    # for their own report; a report is reached only by whoever asked for it. Others 404.
    Row(
        "cohorts",
        "the centre's",
        lambda c: reverse("cohorts", args=[c.centre]),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
    ),
    Row(
        "cohorts",
        "filtered",
        lambda c: (
            reverse("cohorts", args=[c.centre])
            + f"?periode=12m&status=training&coach={c.world.coach.pk}"
        ),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
    ),
    Row(
        "progress_report_request",
        "enrolled jobseeker",
        lambda c: reverse(
            "progress_report_request", args=[c.centre, cohort_matrix.jobseeker_pk(c.world)]
        ),
        {**signed_in(NOT_FOUND), "coach": OK, "training_staff": OK, "organisation_admin": OK},
    ),
    Row(
        "progress_report_request",
        "ask for one",
        lambda c: reverse(
            "progress_report_request", args=[c.centre, cohort_matrix.jobseeker_pk(c.world)]
        ),
        {**signed_in(NOT_FOUND), "coach": DONE, "training_staff": DONE, "organisation_admin": DONE},
        method="post",
        data={"language": "en"},
    ),
    Row(
        "progress_report_request",
        "never enrolled here",
        lambda c: reverse("progress_report_request", args=[c.centre, c.world.other_jobseeker.pk]),
        signed_in(NOT_FOUND),
    ),
    Row(
        "my_progress_report_request",
        "own",
        lambda c: cohort_matrix.own_request_url(c.world),
        owner_only(OK),
    ),
    Row(
        "my_progress_report_request",
        "ask for one",
        lambda c: cohort_matrix.own_request_url(c.world),
        owner_only(DONE),
        method="post",
        data={"language": "nl"},
    ),
    Row(
        "progress_report_status",
        "asked by training staff",
        lambda c: reverse("progress_report_status", args=[cohort_matrix.staff_report(c.world)]),
        {**signed_in(NOT_FOUND), "training_staff": OK},
    ),
    Row(
        "progress_report_status",
        "the jobseeker's own",
        lambda c: reverse("progress_report_status", args=[cohort_matrix.own_report(c.world)]),
        owner_only(OK),
    ),
    Row(
        "progress_report_download",
        "asked by training staff",
        lambda c: reverse("progress_report_download", args=[cohort_matrix.staff_report(c.world)]),
        {**signed_in(NOT_FOUND), "training_staff": OK},
    ),
    Row(
        "progress_report_download",
        "the jobseeker's own",
        lambda c: reverse("progress_report_download", args=[cohort_matrix.own_report(c.world)]),
        owner_only(OK),
    ),
    Row(
        "progress_report_download",
        "guessed id",
        lambda c: reverse("progress_report_download", args=[uuid.uuid4()]),
        signed_in(NOT_FOUND),
    ),
    # END cohort and report rows
    *socialreturn_matrix.rows(),
    *events_matrix.rows(),
    # API keys (organisation admins) and personal tokens (jobseekers); the API itself has
    # its own matrix of operation × key role × scope in api/tests/test_key_matrix.py.
    *api_matrix.rows(),
    Row(
        "vacancy_import",
        "own employer",
        lambda c: reverse("vacancy_import", args=[c.employer]),
        EMPLOYER_ONLY,
    ),
]

# --- Third-party URLs: groups, with sample rows. ----------------------------------------


OUR_APPS = (
    "portal.",
    "portfolios.",
    "vacancies.",
    "intermediaries.",
    "training.",
    "search.",
    "socialreturn.",
    "events.",
    "api.",
)


@dataclass(frozen=True)
class Group:
    name: str
    route_prefix: str
    view_prefixes: tuple[str, ...]

    def covers(self, route: str, view: str) -> bool:
        return route.startswith(self.route_prefix) and view.startswith(self.view_prefixes)


GROUPS = [
    # Every admin view is wrapped in Wagtail's require_admin_access (see the sweep below).
    # Our own admin views (wagtail_hooks) land under /cms/ too and get the same wrapper.
    Group("wagtail admin", "cms/", ("wagtail.", "django.", *OUR_APPS)),
    Group("allauth", "accounts/", ("allauth.",)),
    Group("wagtail documents", "documents/", ("wagtail.documents.",)),
    Group("wagtail frontend helpers", "_util/", ("wagtail.", "django.contrib.auth.")),
    # Keys, not sessions: a signed-in person without a key gets 401. The operations ×
    # key roles × scopes are in api/tests/test_key_matrix.py.
    Group("open API", "api/v1/", ("ninja.", "functools.")),
]

NOT_FOR_MEMBERS = each(
    anonymous=ADMIN_LOGIN,
    jobseeker=ADMIN_LOGIN,
    other_jobseeker=ADMIN_LOGIN,
    coach=ADMIN_LOGIN,
    other_coach=ADMIN_LOGIN,
    training_staff=ADMIN_LOGIN,
    recruiter=ADMIN_LOGIN,
    organisation_admin=ADMIN_LOGIN,
    network_admin=OK,
)

GROUP_ROWS = [
    Row("wagtail admin", "dashboard", lambda c: "/cms/", NOT_FOR_MEMBERS),
    # The network admin's page permissions are on the site pages (`site_pages_ensure`).
    Row("wagtail admin", "page explorer", lambda c: c.home and "/cms/pages/", NOT_FOR_MEMBERS),
    Row(
        "wagtail admin",
        "edit home page",
        lambda c: f"/cms/pages/{c.home.pk}/edit/",
        NOT_FOR_MEMBERS,
    ),
    Row("wagtail admin", "users", lambda c: "/cms/users/", NOT_FOR_MEMBERS),
    Row("wagtail admin", "groups", lambda c: "/cms/groups/", NOT_FOR_MEMBERS),
    Row("wagtail admin", "documents", lambda c: "/cms/documents/", NOT_FOR_MEMBERS),
    Row("wagtail admin", "site history", lambda c: "/cms/reports/site-history/", NOT_FOR_MEMBERS),
    Row(
        "wagtail admin",
        "login form",
        lambda c: "/cms/login/",
        {**everyone(OK), "network_admin": ONWARDS},
    ),
    Row("wagtail admin", "icons (public)", lambda c: "/cms/sprite/", everyone(OK)),
    Row("allauth", "login", lambda c: reverse("account_login"), signed_in(ONWARDS, anonymous=OK)),
    Row("allauth", "signup", lambda c: reverse("account_signup"), signed_in(ONWARDS, anonymous=OK)),
    Row("allauth", "e-mail addresses", lambda c: reverse("account_email"), signed_in(OK)),
    Row(
        "allauth",
        "change password",
        lambda c: reverse("account_change_password"),
        signed_in(OK),
    ),
    Row("allauth", "reset password", lambda c: reverse("account_reset_password"), everyone(OK)),
    Row(
        "allauth",
        "log out",
        lambda c: reverse("account_logout"),
        everyone(ONWARDS),  # only the session goes
        method="post",
    ),
    Row("wagtail documents", "site document", lambda c: c.document_url, everyone(OK)),
    Row(
        "wagtail documents",
        "no such document",
        lambda c: "/documents/999999/folder.pdf",
        everyone(NOT_FOUND),
    ),
    Row(
        "wagtail frontend helpers",
        "no such restriction",
        lambda c: "/_util/authenticate_with_password/999999/999999/",
        everyone(NOT_FOUND),
    ),
]

GROUP_ROWS += [
    Row("open API", "OpenAPI document", lambda c: "/api/v1/openapi.json", everyone(OK)),
    Row("open API", "docs page", lambda c: "/api/v1/docs", everyone(OK)),
    Row("open API", "a session is no key", lambda c: "/api/v1/vacancies", everyone(401)),
    Row("open API", "own data needs a token", lambda c: "/api/v1/me/export", everyone(401)),
]

ALL_ROWS = PROJECT_ROWS + GROUP_ROWS


# --- The URL patterns of the project. ----------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, as written in the urlconfs
    name: str  # namespaced name, or ""
    view: str  # dotted path of the view

    def __str__(self) -> str:
        return f"{self.route} ({self.name or 'unnamed'}, {self.view})"


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    """Every URL pattern, walking into included URL confs."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Pattern(prefix + str(entry.pattern), name, entry.lookup_str)


def group_of(pattern: Pattern) -> Group | None:
    return next((g for g in GROUPS if g.covers(pattern.route, pattern.view)), None)


def test_every_url_pattern_has_a_row_or_a_group():
    named_rows = {row.url_name for row in PROJECT_ROWS}
    missing = [
        str(pattern)
        for pattern in url_patterns()
        if pattern.name not in named_rows and group_of(pattern) is None
    ]
    assert not missing, (
        "URL patterns without a row in the permission matrix (add one per URL to "
        "PROJECT_ROWS in tests/test_permission_matrix.py, with every role):\n  "
        + "\n  ".join(missing)
    )


def test_every_row_and_group_matches_a_url_pattern():
    patterns = list(url_patterns())
    names = {pattern.name for pattern in patterns}
    stale = [row.id for row in PROJECT_ROWS if row.url_name not in names]
    empty = [g.name for g in GROUPS if not any(group_of(p) is g for p in patterns)]
    assert not stale, f"rows for URL names that no longer exist: {stale}"
    assert not empty, f"groups that cover no URL pattern: {empty}"
    assert {row.url_name for row in GROUP_ROWS} <= {g.name for g in GROUPS}


def test_every_row_names_every_role():
    incomplete = [row.id for row in ALL_ROWS if set(row.expect) != set(ROLES)]
    assert not incomplete


def test_every_page_type_has_a_serving_row():
    """Wagtail serves every live page to anyone by default: each page type needs a row."""
    covered = {row.page_type for row in PROJECT_ROWS if row.page_type}
    page_types = {model._meta.label_lower for model in get_page_models() if model is not Page}
    missing = sorted(page_types - covered)
    assert not missing, (
        f"page types without a wagtail_serve row in the permission matrix: {missing}"
    )


# --- The matrix itself. ----------------------------------------------------------------


def _check(response, expected) -> None:
    status, location = response.status_code, response.get("Location", "")
    where = urlparse(location).path
    shown = f"{status}{' → ' + location if location else ''}"
    if expected == LOGIN:
        assert status == 302 and where == reverse("account_login"), (
            f"expected {expected}, got {shown}"
        )
    elif expected == ADMIN_LOGIN:
        assert status == 302 and where == reverse("wagtailadmin_login"), (
            f"expected {expected}, got {shown}"
        )
    elif expected in (DONE, ONWARDS):
        refused = (reverse("account_login"), reverse("wagtailadmin_login"))
        assert status == 302 and where not in refused, f"expected {expected}, got {shown}"
    else:
        assert status == expected, f"expected {expected}, got {shown}"


def _client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


CASES = [pytest.param(row, role, id=f"{row.id}-{role}") for row in ALL_ROWS for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_url_answers_each_role_as_expected(row: Row, role: str, world: World):
    path = row.path(Context(world))
    client = _client_for(world, role)

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, row.method)(path, row.data)

    _check(response, row.expect[role])
    if row.expect[role] == DONE:
        assert _writes(queries), "redirected as if done, but nothing was written"


# Writes that happen on any request and say nothing about the action: the session, login
# throttling, and the audit row that records an action (the action itself must show too).
BOOKKEEPING = re.compile(r"^(django_session|axes_\w+|audit_auditevent)$")
WRITE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def _writes(queries: CaptureQueriesContext) -> list[str]:
    """The tables the request changed, bookkeeping left out."""
    tables = [match[1] for query in queries if (match := WRITE.match(query["sql"]))]
    return [table for table in tables if not BOOKKEEPING.match(table)]


# --- Wagtail admin: every URL, not only the samples. ------------------------------------

# Admin URLs meant to answer without admin access: log in, reset a password, and
# the icon sprite and JavaScript translations the login page itself loads.
ADMIN_PUBLIC = re.compile(
    r"^wagtailadmin_(login|logout|password_reset.*|sprite|javascript_catalog)$"
)
SAMPLE_VALUES = {"int": "1", "uuid": str(uuid.uuid4())}


def _concrete(route: str) -> str | None:
    """A path that resolves to `route`, with sample values for its parameters."""
    if "^" in route or "(" in route:
        return None  # a regex route; the few in /cms/ are reached through their siblings
    return "/" + re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "", "x"), route
    )


def test_every_wagtail_admin_url_refuses_everyone_but_network_admins(world: World):
    admin = next(g for g in GROUPS if g.name == "wagtail admin")
    paths = []
    for pattern in url_patterns():
        if not admin.covers(pattern.route, pattern.view) or ADMIN_PUBLIC.match(pattern.name):
            continue
        path = _concrete(pattern.route)
        if path is None:
            continue
        try:
            resolve(path)
        except Resolver404:
            continue
        paths.append(path)
    assert len(paths) > 100, "the sweep should reach nearly every admin URL"

    wrong = []
    # The samples above check every role; here the least and the most trusted member.
    for role in ("anonymous", "jobseeker", "organisation_admin"):
        client = _client_for(world, role)
        for path in paths:
            response = client.get(path)
            where = urlparse(response.get("Location", "")).path
            if not (response.status_code == 302 and where == reverse("wagtailadmin_login")):
                wrong.append(f"{role} GET {path}: {response.status_code} {where}")
    assert not wrong, "admin URLs reachable without admin access:\n  " + "\n  ".join(wrong)


def test_members_hold_no_wagtail_admin_permission(world: World):
    for role in MEMBER_ROLES:
        user = world.user(role)
        assert not user.has_perm("wagtailadmin.access_admin"), role
        assert not user.is_staff, role
    assert world.network_admin.has_perm("wagtailadmin.access_admin")


def test_coach_can_invite_only_jobseekers(world: World):
    client = _client_for(world, "coach")
    url = reverse("invitation_create", args=[world.training_centre.slug])

    response = client.post(url, {"email": "collega@example.nl", "role": Role.COACH})

    assert response.status_code == 200  # the form again, with an error: not an invitation
    assert "role" in response.context["form"].errors
    assert not world.training_centre.invitations.exists()
