from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import notifications_for
from .services import notifications_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; the ones shown count as read from now on."""
    page = Paginator(notifications_for(recipient=request.user), 50).get_page(
        request.GET.get("pagina")
    )
    notifications = list(page.object_list)
    # Marked before rendering, so the badge in the header already shows what is left.
    notifications_mark_read(
        recipient=request.user, ids=[n.pk for n in notifications if n.read_at is None]
    )
    return render(
        request,
        "notifications/list.html",
        {"page": page, "notifications": notifications},
    )
