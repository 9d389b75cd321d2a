"""A URL whose view fails with an ordinary bug, for the error-page tests."""

from django.urls import path

from portal.urls import handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("an ordinary bug")


urlpatterns = [path("fails/", failing_view), *urlpatterns]
