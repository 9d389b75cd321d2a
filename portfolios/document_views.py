"""Evidence files, PDF CVs and "my data": views that parse, call a service and render.

Every file leaves through a view that asks the permission policy first; anything a
user may not see answers 404, so a guessed address reveals nothing.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.generated_files import generated_file_response
from portal.storage import private_file_response
from portal.taxonomy.models import Concept

from . import documents, privacy, services, uploads
from .models import DocumentVersion, Evidence, EvidenceKind, PortfolioPage
from .permissions import portfolio_permission_policy as policy

# --- Forms ---------------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What kind of proof is it?"), choices=EvidenceKind.choices
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=150,
        required=False,
        help_text=gettext_lazy(
            "For example: Forklift certificate, or: Letter from the shop owner."
        ),
    )
    concept = forms.ModelChoiceField(
        label=gettext_lazy("For which skill?"),
        queryset=Concept.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not for one skill"),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy("A photo (JPG or PNG) or a PDF, at most 10 MB."),
        widget=forms.FileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"}
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("Reference in words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What did someone say about your work? Who said it?"),
    )

    def __init__(self, *args, skills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concept"].queryset = skills if skills is not None else Concept.objects.none()


class EraseForm(forms.Form):
    understood = forms.BooleanField(
        label=gettext_lazy("I understand that everything is deleted and cannot be brought back."),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This password is not right. Try again."))
        return password


# --- Evidence ------------------------------------------------------------------------------


def _skills_of(user):
    portfolio = PortfolioPage.objects.filter(jobseeker=user).first()
    if portfolio is None:
        return Concept.objects.none()
    draft = services.portfolio_draft(portfolio)
    return Concept.objects.filter(pk__in=[skill.concept_id for skill in draft.skills.all()])


@login_required
def evidence_list(request: HttpRequest) -> HttpResponse:
    """The jobseeker's own proof: what they added, and a form to add more."""
    if not policy.may_keep_evidence(request.user):
        raise Http404
    skills = _skills_of(request.user)
    form = EvidenceForm(request.POST or None, request.FILES or None, skills=skills)
    if request.method == "POST" and form.is_valid():
        try:
            uploads.evidence_create(
                owner=request.user,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                text=form.cleaned_data["text"],
                title=form.cleaned_data["title"],
                concept=form.cleaned_data["concept"],
            )
        except ValidationError as error:
            field = (
                "text" if error.code in ("no_text",) else "kind" if error.code == "kind" else "file"
            )
            form.add_error(field, error)
        else:
            messages.success(request, _("Your proof is saved."))
            return redirect("evidence_list")
    evidence = Evidence.objects.filter(owner=request.user).select_related("concept")
    return render(
        request,
        "portfolios/privacy/evidence_list.html",
        {"form": form, "evidence": evidence},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, public_id) -> HttpResponse:
    evidence = get_object_or_404(Evidence, public_id=public_id, owner=request.user)
    uploads.evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("The proof is deleted."))
    return redirect("evidence_list")


def _evidence_visible(user, evidence: Evidence) -> bool:
    if user.pk == evidence.owner_id:
        return True
    portfolio = PortfolioPage.objects.filter(jobseeker_id=evidence.owner_id).first()
    if portfolio is None or not policy.can_view(user, portfolio):
        return False
    # Photos, certificates and letters show who someone is: only for those who see the name.
    return policy.sees_identity(user, portfolio)


@login_required
def evidence_file(request: HttpRequest, public_id) -> HttpResponse:
    """One evidence file, for its owner and those who may see the portfolio with the name."""
    evidence = Evidence.objects.select_related("owner").filter(public_id=public_id).first()
    if evidence is None or not evidence.file or not _evidence_visible(request.user, evidence):
        raise Http404
    if request.user.pk != evidence.owner_id:
        services.portfolio_record_view(
            portfolio=evidence.owner.portfolio, viewer=request.user, what="evidence"
        )
    extension = evidence.file.name.rsplit(".", 1)[-1]
    name = slugify(evidence.title) or evidence.kind
    return private_file_response(
        evidence.file,
        content_type=evidence.content_type,
        filename=f"{name}.{extension}",
        inline=evidence.content_type.startswith("image/"),
    )


# --- PDF CV --------------------------------------------------------------------------------


def _download_gone(request: HttpRequest, *, kind: str) -> HttpResponse:
    """A download that is not there: most often deleted after its keep time, so say that.

    Expired, never made or someone else's get the same page and a 404, so a guessed
    address reveals nothing; the person is offered a new one.
    """
    if kind == "pdf":
        context = {
            "keep_days": settings.PORTFOLIO_DOCUMENT_KEEP_DAYS,
            "portfolio": PortfolioPage.objects.filter(jobseeker=request.user).first(),
        }
    else:
        context = {"keep_days": settings.DATA_EXPORT_KEEP_DAYS}
    return render(request, "portfolios/download_gone.html", {"kind": kind, **context}, status=404)


def _portfolio_or_404(public_id) -> PortfolioPage:
    return get_object_or_404(PortfolioPage.objects.select_related("jobseeker"), public_id=public_id)


@login_required
def cv_request(request: HttpRequest, public_id) -> HttpResponse:
    """Choose a CV version (GET) and ask for it (POST); it is made in the background."""
    portfolio = _portfolio_or_404(public_id)
    versions = documents.document_versions_for(user=request.user, portfolio=portfolio)
    if not versions:
        raise Http404
    if request.method == "POST":
        version = request.POST.get("version", "")
        if version not in versions:
            raise Http404
        document = documents.document_request(
            portfolio=portfolio, version=version, by=request.user, language=get_language()
        )
        return redirect("cv_status", public_id=document.public_id)
    return render(
        request,
        "portfolios/pdf/request.html",
        {
            "portfolio": portfolio,
            "versions": [(value, DocumentVersion(value).label) for value in versions],
            "is_owner": request.user.pk == portfolio.jobseeker_id,
            "keep_days": settings.PORTFOLIO_DOCUMENT_KEEP_DAYS,
        },
    )


@login_required
def cv_status(request: HttpRequest, public_id) -> HttpResponse:
    """Progress of a CV being made; its live region follows it until the download is ready."""
    document = documents.document_for_download(user=request.user, public_id=public_id)
    if document is None:
        return _download_gone(request, kind="pdf")
    return render(request, "portfolios/pdf/status.html", {"document": document})


@login_required
def cv_download(request: HttpRequest, public_id) -> HttpResponse:
    document = documents.document_for_download(user=request.user, public_id=public_id)
    if document is None:
        return _download_gone(request, kind="pdf")
    response = generated_file_response(document, filename=documents.document_filename(document))
    services.portfolio_record_view(portfolio=document.portfolio, viewer=request.user, what="pdf")
    return response


# --- My data -------------------------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything, or erase the account: the person's own data, self-service."""
    export = privacy.DataExport.objects.filter(user=request.user).first()
    portfolio = PortfolioPage.objects.filter(jobseeker=request.user).first()
    return render(
        request,
        "portfolios/privacy/my_data.html",
        {
            "export": export,
            "busy": export is not None and export.is_busy,
            "expires_at": export.expires_at if export else None,
            "expired": export is None and privacy.data_export_was_deleted(user=request.user),
            "export_keep_days": settings.DATA_EXPORT_KEEP_DAYS,
            "document_keep_days": settings.PORTFOLIO_DOCUMENT_KEEP_DAYS,
            "portfolio": portfolio,
        },
    )


@login_required
@require_POST
def data_export_request(request: HttpRequest) -> HttpResponse:
    privacy.data_export_request(user=request.user)
    return redirect("my_data")


@login_required
def data_export_download(request: HttpRequest, public_id) -> HttpResponse:
    export = privacy.data_export_for_download(user=request.user, public_id=public_id)
    if export is None:
        return _download_gone(request, kind="export")
    response = generated_file_response(
        export, filename=f"talentbrug-mijn-gegevens-{export.created_at:%Y-%m-%d}.zip"
    )
    privacy.data_export_record_download(export=export, by=request.user)
    return response


@login_required
def account_erase(request: HttpRequest) -> HttpResponse:
    """Erase my account, after ticking that I understand and giving my password."""
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_erase(user=request.user, by=request.user)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("This account cannot be erased here."))
        else:
            logout(request)
            messages.success(request, _("Your account and everything in it are deleted."))
            return redirect("/")
    return render(request, "portfolios/privacy/erase.html", {"form": form})
