from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import Invitation

from . import selectors, services
from .forms import AcceptInvitationForm, InvitationForm, MembershipRoleForm
from .models import Membership, Organisation, Role, roles_for_kind
from .permissions import (
    MANAGE_MEMBERS,
    VIEW_MEMBERS,
    invitable_roles,
    organisation_permission_policy,
)

policy = organisation_permission_policy


def _organisation_or_404(request: HttpRequest, slug: str, action: str) -> Organisation:
    # 404 rather than 403 for organisations the user has no business with,
    # so the list of organisations cannot be probed.
    organisation = (
        policy.instances_user_has_permission_for(request.user, action).filter(slug=slug).first()
    )
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug, VIEW_MEMBERS)
    role_filter = request.GET.get("rol", "")
    if role_filter not in Role.values:
        role_filter = ""
    actions = policy.actions_for_instance(request.user, organisation)
    can_manage = MANAGE_MEMBERS in actions
    can_invite = bool(invitable_roles(actions, organisation))
    open_invitations = selectors.open_invitations(organisation=organisation) if can_invite else []
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation, role=role_filter),
            "role_filter": role_filter,
            "roles": roles_for_kind(organisation.kind),
            "can_manage": can_manage,
            "can_invite": can_invite,
            "open_invitations": open_invitations,
        },
    )


@login_required
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug, VIEW_MEMBERS)
    roles = invitable_roles(policy.actions_for_instance(request.user, organisation), organisation)
    if not roles:
        raise PermissionDenied
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                first_name=form.cleaned_data["first_name"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)s days.")
                % {"email": form.cleaned_data["email"], "days": services.invitation_valid_days()},
            )
            return redirect("organisation_detail", slug=organisation.slug)
    return render(
        request,
        "organisations/invitation_form.html",
        {"organisation": organisation, "form": form},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, slug, VIEW_MEMBERS)
    if not invitable_roles(policy.actions_for_instance(request.user, organisation), organisation):
        raise PermissionDenied
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("organisation_detail", slug=organisation.slug)


@login_required
def membership_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, slug, MANAGE_MEMBERS)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, organisation=organisation
    )
    form = MembershipRoleForm(
        request.POST or None,
        roles=roles_for_kind(organisation.kind),
        initial={"role": membership.role},
    )
    if request.method == "POST":
        try:
            if "end" in request.POST:
                services.membership_end(membership=membership, by=request.user)
                messages.success(
                    request, _("%(name)s is no longer a member.") % {"name": membership.user}
                )
                return redirect("organisation_detail", slug=organisation.slug)
            if form.is_valid():
                services.membership_change_role(
                    membership=membership, role=form.cleaned_data["role"], by=request.user
                )
                messages.success(
                    request, _("The role of %(name)s was changed.") % {"name": membership.user}
                )
                return redirect("organisation_detail", slug=organisation.slug)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "organisations/membership_form.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(
            request, "organisations/invitation_invalid.html", {"problem": problem}, status=410
        )
    user = request.user if request.user.is_authenticated else None
    form = None if user else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            membership = services.invitation_accept(
                token=token,
                user=user,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                password=data.get("password1", ""),
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("dashboard")
            form.add_error(None, error)
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! You are now part of %(organisation)s.")
                % {"organisation": membership.organisation.name},
            )
            return redirect("dashboard")
    return render(
        request,
        "organisations/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )
