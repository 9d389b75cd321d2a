"""Settings shared by every environment; values that differ per machine come from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    # Our apps first, so their templates override those of third-party apps.
    "portal",
    "portal.accounts",
    "portal.organisations",
    "portal.taxonomy",
    "portal.audit",
    "portal.notifications",
    "portal.pages",
    "portfolios",
    "vacancies",
    "intermediaries",
    "training",
    "socialreturn",
    "search",
    "events",
    "api",
    # Above every app: it fills them all, and nothing imports it.
    "demo",
    "ninja",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "portal.accounts.apps.UsersAppConfig",  # wagtail.users, held to the network admin
    "wagtail.documents",
    # Not used by any page, but the admin's own scripts need its image API.
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "guardian",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.CleanQueryStringMiddleware",
    "portal.middleware.DocumentSearchWithUsageFilterMiddleware",
    "portal.middleware.OutOfRangeNumberMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.links.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, leaving alone responses with their own policy (portal/middleware.py).
    "portal.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Portfolios do not exist in the Wagtail admin (issue 19, item 5).
    "portfolios.admin_privacy.PortfolioAdminGuardMiddleware",
    # Axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "portal.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'talentbrug.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# SQLite (`make run`): the web server and the background worker write to one file.
SQLITE_OPTIONS = {
    # WAL lets the worker write while the web server reads.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    # A deferred transaction that later writes fails at once with "database is locked"
    # when the worker wrote meanwhile (the busy timeout does not apply to that upgrade);
    # taking the write lock at BEGIN makes it wait its turn instead.
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the searches are short statements whose estimated cost crosses
    # jit_above_cost, and compiling them took 90 ms of a 190 ms free search
    # (EXPLAIN ANALYZE on the 100k bench) while running them takes a few ms.
    # No parallel workers either: starting them costs more than such a statement saves,
    # and two cores serve other requests meanwhile. The free search at 100k was planned
    # as a parallel scan and sort of a skill's holders (26 ms) where its index gives them
    # in order (7 ms).
    postgres_options = DATABASES["default"].setdefault("OPTIONS", {})
    postgres_options["options"] = (
        f"{postgres_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0"
    ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any other backend runs.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Password hashing (issue 19, item 8): Argon2id with 2 passes over 46 MiB in one lane
# (OWASP's memory-hard minimum is 1 pass over 46 MiB). Measured on the 2-core machine:
# about 0.11 s of CPU per login (median of 21; 0.09 s at best), against 0.25-0.29 s for
# Django's default PBKDF2 with 1,000,000 rounds, so the two cores take some 15 logins
# a second instead of under 7 (README, "Logins and limits"). Older PBKDF2 hashes still
# work and are rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "portal.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ARGON2_TIME_COST = env.int("ARGON2_TIME_COST", default=2)
ARGON2_MEMORY_COST_KIB = env.int("ARGON2_MEMORY_COST_KIB", default=47104)
ARGON2_PARALLELISM = env.int("ARGON2_PARALLELISM", default=1)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Wagtail's own front-end login form would be a second, unstyled way in.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail address is the login; no usernames anywhere.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory everywhere, `make run` included: only then can a sign-up answer the same for a
# known and a new address (allauth tells the owner by e-mail instead of the visitor).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "portal.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "portal.accounts.forms.SignupForm",
    "change_password": "portal.accounts.forms.ChangePasswordForm",
    "set_password": "portal.accounts.forms.SetPasswordForm",
    "reset_password_from_key": "portal.accounts.forms.ResetPasswordKeyForm",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Talentbrug] "
# Limits that fit the users (issue 19, item 8). A classroom logs in from one school
# address, so the per-address budgets are high and guessing is stopped per account:
# - django-axes (below): 5 wrong passwords for one account from one address lock that
#   pair for 15 minutes;
# - "login_failed": 20 wrong passwords for one account an hour from all addresses
#   together (guessing spread over many addresses), 150 per address in 15 minutes
#   (one address trying many accounts);
# - "login": 300 logins a minute per address (allauth's default of 30 locked out a
#   class of 31); at ~0.11 s of hashing each that is about half of one core.
# allauth answers an exceeded "login" budget with portal/templates/429.html.
ACCOUNT_RATE_LIMITS = {
    "login": env("LOGIN_RATE_LIMIT", default="300/m/ip"),
    "login_failed": env("LOGIN_FAILED_RATE_LIMIT", default="150/15m/ip,20/h/key"),
}

# django-guardian: no anonymous user row; anonymous visitors hold no object permission.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# django-axes: lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "portal.accounts.axes.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Named date formats per language (portal/formats/): "1 okt 2025" in Dutch, "1 Oct 2025" in English.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Site pages have English translations (portal.pages); the portal picks the language
# by cookie and profile, not by URL prefix.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Uploads that belong to a person (evidence, certificates) never live under
# MEDIA_ROOT; they are served only through views that check permissions.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    # Written whole or not at all (portal.storage): no truncated upload on a full disk.
    "default": {"BACKEND": "portal.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # No base_url: nothing in it has a public address.
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Talentbrug <noreply@talentbrug.nl>")

# Background work: Django's task API (django-tasks) on the database backend,
# run by `manage.py db_worker`. Wagtail 8 already uses the same API.
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")},
}

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://talentbrug"),
}

# Content-Security-Policy (django-csp 4): no inline script, no third-party origin.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

WAGTAIL_SITE_NAME = "Talentbrug"
# Links in e-mails sent outside a request (portal.links): by default where `make run`
# serves (its HOST and PORT), so another port does not break every link.
SITE_URL = env(
    "SITE_URL", default=f"http://{env('HOST', default='127.0.0.1')}:{env('PORT', default='8000')}"
)
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=SITE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would send a hash of each admin's e-mail address
# to a third party, and the CSP blocks the images anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Matching search engine (issue: search and matching). "database" needs no service.
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
# The database backend answers candidate searches from the index rows held as columns in
# each process's memory (25 MB at 100,000 portfolios), brought up to date before every
# search (`search.backends.database.columns`); False: by SQL every time (slower).
SEARCH_DATABASE_IN_MEMORY = env.bool("SEARCH_DATABASE_IN_MEMORY", default=True)
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
# Index names start with this, so several installations can share one cluster.
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="talentbrug")
# A slow engine must not hold web threads (issue 19, item 7): seconds to connect, to
# answer a search, and to take a bulk write (a rebuild loads in large batches).
ELASTICSEARCH_CONNECT_TIMEOUT = env.float("ELASTICSEARCH_CONNECT_TIMEOUT", default=1.0)
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=2.5)
ELASTICSEARCH_WRITE_TIMEOUT = env.float("ELASTICSEARCH_WRITE_TIMEOUT", default=30.0)
# After this many failed searches in a row, searches answer "unavailable" at once
# for this many seconds (per web process); then one search probes the engine again.
SEARCH_BREAKER_FAILURES = env.int("SEARCH_BREAKER_FAILURES", default=3)
SEARCH_BREAKER_SECONDS = env.float("SEARCH_BREAKER_SECONDS", default=30.0)
# Threads per web process that may wait on the engine at once (the bulkhead), and how
# long a search waits for one of them. gunicorn runs GUNICORN_THREADS threads per
# process; half of them (at least one) may search, the rest always serve other pages.
SEARCH_ENGINE_SLOTS = env.int(
    "SEARCH_ENGINE_SLOTS", default=max(1, env.int("GUNICORN_THREADS", default=4) // 2)
)
SEARCH_ENGINE_SLOT_WAIT = env.float("SEARCH_ENGINE_SLOT_WAIT", default=0.25)

HEALTH_CHECKS = [
    "portal.health.database_status",
    "search.health.engine_status",
]
# Checks without which the portal cannot serve at all: /health/ answers 503 on these only.
HEALTH_ESSENTIAL = ["database"]

# Background jobs (portal.jobs): a run holds its job this long; `sweep_jobs` (every
# minute) gives a job whose worker died to a new run, at most this many runs in all.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=300)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)

INVITATION_VALID_DAYS = 14
# The open API (`api/`): calls per key per period ("120/m"; s, m or h), and how long a web
# process believes a key it read without reading it again: a revoked key works nowhere
# longer than that after the revocation (`api.key_cache`).
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/m")
API_KEY_CACHE_SECONDS = env.int("API_KEY_CACHE_SECONDS", default=10)
# How long a finished "my data" zip and a PDF CV are kept before
# `manage.py purge_expired_files` deletes them; the person can make a new one.
DATA_EXPORT_KEEP_DAYS = 7
PORTFOLIO_DOCUMENT_KEEP_DAYS = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # The search backend writes one line per engine failure itself; the client's
        # own retry warnings come with tracebacks and repeat it many times over.
        "elastic_transport": {"level": "ERROR"},
        "elasticsearch": {"level": "ERROR"},
    },
}
