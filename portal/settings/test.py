"""pytest: the database from DATABASE_URL (PostgreSQL on CI), fast hashing, tasks run inline."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

# pytest-xdist runs the suite in several processes: each gets its own file folders, so
# a test that sweeps a folder for stray files never sees another process's files.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / f"test-media{_WORKER}"
PRIVATE_MEDIA_ROOT = VAR_DIR / f"test-private{_WORKER}"
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
}
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
