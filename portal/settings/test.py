"""pytest: the database from DATABASE_URL (PostgreSQL on CI), fast hashing, tasks run inline."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

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
# On SQLite the test database is a file, as `make run`'s is, not Django's in-memory default:
# there, threads of one process fail at once with "database table is locked" instead of
# waiting for the write lock, and a reader cannot see the last commit while a writer works
# (WAL). pytest-xdist adds each process's suffix to the name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    VAR_DIR.mkdir(exist_ok=True)  # SQLite creates the file, not its folder
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
