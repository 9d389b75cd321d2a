"""`make soak`: the production settings, served over loopback HTTP.

In production a reverse proxy terminates TLS in front of gunicorn; the soak talks
to gunicorn directly on 127.0.0.1, so only what needs HTTPS is relaxed here. Every
other setting (database cache, connection reuse, timeouts, the breaker, the worker's
leases) is production's own.
"""

import os

from portal.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False

# Each e-mail becomes a file, so the soak can count what was sent and find doubles.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SOAK_MAIL_DIR"]
