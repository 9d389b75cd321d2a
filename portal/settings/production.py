"""The production shape (docker-compose.yml): PostgreSQL, Elasticsearch, gunicorn, a worker.

gunicorn listens on plain HTTP behind one reverse proxy that terminates TLS and
sets X-Forwarded-Proto and X-Forwarded-For. Every value that differs per
installation comes from the environment; `.env.example` lists them all.
"""

import ipaddress

from django.http import HttpRequest

from .base import *  # noqa: F403
from .base import DATABASES, DEFAULT_FROM_EMAIL, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
_PUBLIC_HOST = next((host.lstrip(".") for host in ALLOWED_HOSTS if "*" not in host), "localhost")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails sent outside a request, and in Wagtail's: the site's own public address
# unless told otherwise.
SITE_URL = env("SITE_URL", default=f"https://{_PUBLIC_HOST}")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=SITE_URL)

# Keep database connections open between requests (one per gunicorn thread); check before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Confirmation and password-reset links in e-mails always use https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# A mail server that hangs must not hang a gunicorn worker or the task worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# One cache shared by every gunicorn worker and the task worker, so allauth's rate
# limits (password reset, confirmation mails) count across processes. A per-process
# locmem cache would multiply every limit by the number of workers. The database
# cache needs no extra service (the entrypoint runs `createcachetable`); set
# CACHE_URL=redis://... once a Redis service and the `redis` package are added.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="dbcache://talentbrug_cache?max_entries=50000&cull_frequency=4"
    )
}

# Who is the client? The reverse proxy appends the address it received the request
# from to X-Forwarded-For; with N proxies that we run in front of gunicorn the
# client is the N-th address from the right. Addresses further left were sent by
# the client and can be forged, so they never count. Axes (login lockout) and
# allauth (rate limits) must agree on this, or one throttle can be dodged.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT


def _client_address(request: HttpRequest) -> str | None:
    """The client address as seen by the outermost proxy we trust, else the peer address."""
    remote_addr = request.META.get("REMOTE_ADDR")
    if TRUSTED_PROXY_COUNT <= 0:
        return remote_addr
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < TRUSTED_PROXY_COUNT:
        return remote_addr
    try:
        return str(ipaddress.ip_address(hops[-TRUSTED_PROXY_COUNT]))
    except ValueError:
        return remote_addr


AXES_CLIENT_IP_CALLABLE = _client_address

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
