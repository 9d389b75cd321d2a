"""Screens to make, list and revoke API keys (organisation admins) and personal tokens (jobseekers).

A new key is shown once, on the page that answers the POST, and never again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.organisations.models import Organisation
from portfolios.selectors import portfolio_editor_allowed

from . import selectors, services, webhooks
from .candidate_import import MAX_BYTES as MAX_PORTFOLIO_BYTES
from .candidate_import import candidate_document_parse, candidate_import
from .forms import (
    ApiKeyForm,
    PersonalTokenForm,
    PortfolioImportForm,
    VacancyImportForm,
    WebhookForm,
)
from .vacancy_import import MAX_BYTES as MAX_IMPORT_BYTES
from .vacancy_import import vacancy_import as import_vacancies


def _organisation_or_404(request: HttpRequest, slug: str) -> Organisation:
    organisation = selectors.organisation_for_keys(user=request.user, slug=slug)
    if organisation is None:
        raise Http404
    return organisation


@login_required
def key_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    return render(
        request,
        "api/key_list.html",
        {
            "organisation": organisation,
            "keys": selectors.organisation_keys(organisation=organisation),
        },
    )


@login_required
@never_cache
def key_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    roles = services.key_roles_for(organisation)
    form = ApiKeyForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.api_key_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request, "api/key_created.html", {"organisation": organisation, "new": new}
            )
    return render(request, "api/key_form.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def key_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    key = get_object_or_404(selectors.organisation_keys(organisation=organisation), pk=pk)
    services.api_key_revoke(key=key, by=request.user)
    messages.success(request, _("The key is revoked. It no longer works."))
    return redirect("api_key_list", slug=organisation.slug)


def _only_jobseekers(request: HttpRequest) -> None:
    if not portfolio_editor_allowed(user=request.user):
        raise PermissionDenied


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    _only_jobseekers(request)
    return render(
        request, "api/token_list.html", {"keys": selectors.personal_tokens(user=request.user)}
    )


@login_required
@never_cache
def token_create(request: HttpRequest) -> HttpResponse:
    _only_jobseekers(request)
    form = PersonalTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.personal_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "api/key_created.html", {"new": new})
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _only_jobseekers(request)
    key = get_object_or_404(selectors.personal_tokens(user=request.user), pk=pk)
    services.api_key_revoke(key=key, by=request.user)
    messages.success(request, _("The code is stopped. The app can no longer use it."))
    return redirect("api_token_list")


@login_required
def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    return render(
        request,
        "api/webhook_list.html",
        {
            "organisation": organisation,
            "webhooks": selectors.organisation_webhooks(organisation=organisation),
            "deliveries": selectors.recent_deliveries(organisation=organisation),
        },
    )


@login_required
@never_cache
def webhook_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = webhooks.webhook_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "api/webhook_created.html",
                {"organisation": organisation, "webhook": webhook},
            )
    return render(request, "api/webhook_form.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def webhook_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    webhook = get_object_or_404(selectors.organisation_webhooks(organisation=organisation), pk=pk)
    webhooks.webhook_delete(webhook=webhook, by=request.user)
    messages.success(request, _("The webhook is deleted. We send it nothing more."))
    return redirect("webhook_list", slug=organisation.slug)


@login_required
@never_cache
def vacancy_import(request: HttpRequest, slug: str) -> HttpResponse:
    """An employer checks, then imports, a file of vacancies; the report says row by row what is wrong."""
    organisation = selectors.employer_for_import(user=request.user, slug=slug)
    if organisation is None:
        raise Http404
    form = VacancyImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_vacancies(
                organisation=organisation,
                by=request.user,
                name=upload.name[:200],
                content=upload.read(MAX_IMPORT_BYTES + 1),
                dry_run=form.cleaned_data["dry_run"],
                accept_valid_part=form.cleaned_data["accept_valid_part"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
    return render(
        request,
        "api/vacancy_import.html",
        {"organisation": organisation, "form": form, "report": report},
    )


@login_required
@never_cache
def portfolio_import(request: HttpRequest) -> HttpResponse:
    """A jobseeker takes a portfolio file from another system into their own portfolio, as a
    draft; the page says what came along and what we did not know, then they review and publish."""
    _only_jobseekers(request)
    form = PortfolioImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            document = candidate_document_parse(
                form.cleaned_data["file"].read(MAX_PORTFOLIO_BYTES + 1)
            )
        except ValidationError as error:
            form.add_error("file", _("This file is not a portfolio we can read."))
            for field, problems in getattr(error, "message_dict", {"": error.messages}).items():
                for problem in problems:
                    form.add_error("file", f"{field}: {problem}" if field else problem)
        else:
            result = candidate_import(user=request.user, document=document, via="screen")
    return render(request, "api/portfolio_import.html", {"form": form, "result": result})
