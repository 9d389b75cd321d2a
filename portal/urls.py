from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import health

urlpatterns = [
    path("health/", health.health, name="health"),
    path("taal/", set_language, name="set_language"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("portal.accounts.urls")),
    path("", include("portal.notifications.urls")),
    path("", include("portal.organisations.urls")),
    path("", include("portal.taxonomy.urls")),
    path("", include("vacancies.urls")),
    path("", include("portfolios.urls")),
    path("", include("intermediaries.urls")),
    path("", include("training.urls")),
    path("sociaal-rendement/", include("socialreturn.urls")),
    path("", include("search.urls")),
    path("", include("events.urls")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving last: it catches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.errors.server_error"
