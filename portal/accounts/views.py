from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from portal.audit.selectors import access_rows, audit_events_about
from portal.organisations.models import Role
from portal.organisations.selectors import coaching_organisations_near

from .forms import NearbyForm, ProfileForm
from .services import user_update_profile


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where everyone lands after logging in: what they can do, per organisation and role.

    Someone without an organisation also gets organisations with coaches near a postcode:
    only a coach opens the way to employers. Looked up only when the page shows it.
    """
    nearby_form = NearbyForm(request.GET or None)

    def nearby():
        latitude, longitude = nearby_form.point()
        return coaching_organisations_near(latitude=latitude, longitude=longitude)

    return render(
        request,
        "accounts/dashboard.html",
        {"Role": Role, "nearby_form": nearby_form, "nearby": nearby},
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "email_notifications": user.email_notifications,
        },
    )
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=user, **form.cleaned_data)
        language = form.cleaned_data["preferred_language"]
        translation.activate(language)
        messages.success(request, _("Your details are saved."))
        response = redirect("profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def data_access_log(request: HttpRequest) -> HttpResponse:
    """The person's own "who looked at or changed my data" list."""
    # Each row is a card of three lines on a phone: 20 keep a page readable there.
    page = Paginator(audit_events_about(subject=request.user), 20).get_page(
        request.GET.get("pagina")
    )
    return render(
        request, "accounts/data_access_log.html", {"page": page, "rows": access_rows(page)}
    )
