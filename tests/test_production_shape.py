"""The production shape: settings, container files, and the protections they must keep.

Settings checks run `manage.py` in a subprocess with `portal.settings.production`
and production-like environment variables, because the test process itself runs
on `portal.settings.test`.
"""

import ast
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import get_commands, load_command_class
from django.urls import reverse
from django.utils.crypto import get_random_string

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_DIR = BASE_DIR / "portal" / "settings"
PASSWORD = "Juist-wachtwoord-42"


def run_with_production_settings(
    *args: str, **overrides: str | None
) -> subprocess.CompletedProcess:
    """Run `python <args>` with production settings; an override of None unsets a variable."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": get_random_string(
            60, allowed_chars="abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)"
        ),
        "ALLOWED_HOSTS": "talentbrug.example.nl",
        **overrides,
    }
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- Production settings -----------------------------------------------------------


def test_production_settings_pass_check_deploy():
    result = run_with_production_settings(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without(missing):
    if (BASE_DIR / ".env").exists():
        pytest.skip(f"the local .env file may provide {missing}")

    result = run_with_production_settings("manage.py", "check", **{missing: None})

    assert result.returncode != 0
    assert missing in result.stderr


def test_login_throttles_see_the_client_behind_the_reverse_proxy():
    """Axes and allauth take the address our proxy appended, not one the client forged."""
    code = """
import django
django.setup()
from allauth.account.adapter import get_adapter
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

request = RequestFactory().post(
    "/accounts/login/",
    REMOTE_ADDR="172.18.0.1",
    HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7",
)
print(get_client_ip_address(request), get_adapter().get_client_ip(request))
"""
    result = run_with_production_settings("-c", code, TRUSTED_PROXY_COUNT="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["203.0.113.7", "203.0.113.7"]


def test_production_uses_a_cache_shared_between_processes():
    code = """
import django
django.setup()
from django.conf import settings
print(settings.CACHES["default"]["BACKEND"])
"""
    result = run_with_production_settings("-c", code, CACHE_URL=None)

    assert result.returncode == 0, result.stderr
    assert "locmem" not in result.stdout
    assert "dummy" not in result.stdout


# --- Container files -----------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_docker_compose_defines_database_search_web_and_worker(compose):
    services = compose["services"]
    assert {"db", "elasticsearch", "web", "worker"} <= set(services)

    db = services["db"]
    assert db["image"].startswith("postgres:15")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])

    search = services["elasticsearch"]
    assert re.fullmatch(
        r"docker\.elastic\.co/elasticsearch/elasticsearch:8\.\d+\.\d+", search["image"]
    )
    assert search["environment"]["discovery.type"] == "single-node"
    assert search["environment"]["xpack.security.enabled"] == "false"
    assert "-Xms1g" in search["environment"]["ES_JAVA_OPTS"]
    assert "-Xmx1g" in search["environment"]["ES_JAVA_OPTS"]
    assert "_cluster/health" in " ".join(search["healthcheck"]["test"])
    # Security is off, so the engine must stay on the private compose network.
    assert "ports" not in search
    assert "ports" not in db

    web, worker = services["web"], services["worker"]
    assert "portal.wsgi" in " ".join(web["command"])
    assert web["command"][0] == "gunicorn"
    assert worker["command"][:3] == ["python", "manage.py", "db_worker"]
    assert worker["command"][3:5] == ["--queue-name", "*"]
    for service in (web, worker):
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert environment["SEARCH_BACKEND"] == "elasticsearch"
        assert environment["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert re.match(r"postgres://[^@]+@db:5432/", environment["DATABASE_URL"])
        assert service["env_file"] == ".env"
        mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in service["volumes"]}
        assert mounts[environment["MEDIA_ROOT"]] in compose["volumes"]
        assert mounts[environment["PRIVATE_MEDIA_ROOT"]] in compose["volumes"]
        assert environment["MEDIA_ROOT"] != environment["PRIVATE_MEDIA_ROOT"]
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["elasticsearch"]["condition"] == "service_healthy"

    # The worker starts only after `web` migrated the database and answers /health/.
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert "healthcheck.py" in " ".join(web["healthcheck"]["test"])
    # gunicorn is reachable only through the reverse proxy on the host.
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])


def test_scheduler_runs_the_daily_clean_ups_with_the_app_configuration(compose, settings):
    # As in production: prune_db_task_results accepts only a database task backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services = compose["services"]
    scheduler, worker = services["scheduler"], services["worker"]
    for key in ("image", "env_file", "environment", "volumes"):
        assert scheduler[key] == worker[key], key
    assert scheduler["depends_on"] == worker["depends_on"]
    assert scheduler["command"][:2] == ["sh", "-c"]
    loop = scheduler["command"][2]
    # Every minute the sweep of jobs whose worker died and the webhook retries; once a day
    # (1440 turns) the rest.
    assert "while true" in loop and "sleep 60" in loop and "% 1440" in loop
    commands = re.findall(r"python manage\.py ([a-z_]+)([^;]*)", loop)
    assert [name for name, _ in commands] == [
        "sweep_jobs",
        "retry_webhooks",
        "close_expired_vacancies",
        "purge_expired_files",
        "sroi_reminders",
        "prune_db_task_results",
    ]
    # Each one exists, and every flag the loop passes is one it accepts.
    for name, flags in commands:
        parser = load_command_class(get_commands()[name], name).create_parser("manage.py", name)
        parser.parse_args(shlex.split(flags))
    # The worker takes tasks from every queue; their results are pruned from every queue too.
    assert "--queue-name '*'" in dict(commands)["prune_db_task_results"]


def test_compose_commands_name_files_that_exist(compose):
    web = compose["services"]["web"]
    config = web["command"][web["command"].index("--config") + 1]
    assert (BASE_DIR / config).is_file()
    assert (BASE_DIR / web["healthcheck"]["test"][-1].removeprefix("/app/")).is_file()
    entrypoint = BASE_DIR / "docker" / "entrypoint.sh"
    assert os.access(entrypoint, os.X_OK)
    script = entrypoint.read_text()
    for command in ("migrate", "collectstatic", "compilemessages", "createcachetable"):
        assert f"manage.py {command}" in script


def test_gunicorn_config_uses_only_known_settings():
    from gunicorn.config import KNOWN_SETTINGS

    known = {setting.name for setting in KNOWN_SETTINGS}
    config = runpy.run_path(str(BASE_DIR / "docker" / "gunicorn.conf.py"))
    names = {name for name in config if not name.startswith("_") and name != "os"}

    assert names <= known, names - known
    assert config["bind"] == "0.0.0.0:8000"
    assert config["timeout"] >= 30


class _Log:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, message: str, *args) -> None:
        self.warnings.append(message % args)


class _Worker:
    def __init__(self) -> None:
        self.log = _Log()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_gunicorn_worker_reads_the_search_columns_before_it_serves(
    monkeypatch, django_assert_num_queries
):
    from search import backends
    from search.backends.database import DatabaseBackend
    from search.spec import Viewer
    from search.tests.test_database_backend import everyone_spec

    backend = DatabaseBackend(in_memory=True)
    monkeypatch.setattr(backends, "get_backend", lambda name=None: backend)
    config = runpy.run_path(str(BASE_DIR / "docker" / "gunicorn.conf.py"))
    worker = _Worker()
    config["post_worker_init"](worker)
    # The first search only asks whether the columns are current.
    with django_assert_num_queries(1):
        backend.candidates(everyone_spec(Viewer(is_employer=True)))
    assert worker.log.warnings == []


def test_a_gunicorn_worker_serves_when_the_database_is_not_ready(monkeypatch):
    from django.db import OperationalError

    from search import backends

    class Unready:
        def warm_up(self) -> None:
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(backends, "get_backend", lambda name=None: Unready())
    config = runpy.run_path(str(BASE_DIR / "docker" / "gunicorn.conf.py"))
    worker = _Worker()
    config["post_worker_init"](worker)
    assert worker.log.warnings == ["search warm-up skipped: could not connect to server"]


def test_dockerfile_builds_the_production_image():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert re.search(r"^FROM python:3\.11-slim-bookworm$", dockerfile, re.MULTILINE)
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz0b",
        "fonts-dejavu-core",
        "gettext",
    ):
        assert package in dockerfile
    assert "pip install --no-cache-dir -r requirements/base.txt" in dockerfile
    assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in dockerfile
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert ".env" in (BASE_DIR / ".dockerignore").read_text().split()


def _variables_read_by(path: Path) -> set[str]:
    """Names passed to `env(...)`, `env.bool(...)`, `env.list(...)` etc. in a settings module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = node.func
        is_env_call = (isinstance(function, ast.Name) and function.id == "env") or (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and function.value.id == "env"
        )
        first = node.args[0]
        if is_env_call and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def test_env_example_documents_every_variable_the_production_shape_reads():
    documented = set(
        re.findall(
            r"^#?\s*([A-Z][A-Z0-9_]*)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE
        )
    )
    read = _variables_read_by(SETTINGS_DIR / "base.py") | _variables_read_by(
        SETTINGS_DIR / "production.py"
    )
    read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (BASE_DIR / "docker-compose.yml").read_text()))
    read |= set(
        re.findall(
            r"environ\.get\(\"([A-Z][A-Z0-9_]*)\"",
            (BASE_DIR / "docker" / "gunicorn.conf.py").read_text(),
        )
    )

    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"} <= read
    assert read - documented == set()


def test_env_example_holds_no_usable_secret():
    values = dict(
        re.findall(
            r"^([A-Z][A-Z0-9_]*)=(.*)$", (BASE_DIR / ".env.example").read_text(), re.MULTILINE
        )
    )
    assert values["SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
    assert values["EMAIL_HOST_PASSWORD"] == ""


# --- Protections every environment keeps --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "health"])
def test_responses_carry_a_content_security_policy_without_inline_script(client, url_name):
    response = client.get(reverse(url_name))

    policy = response["Content-Security-Policy"]
    directives = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        directives[name] = values
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, policy
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.fixture
def fresh_throttles():
    """allauth's rate limits live in the cache; start each login test from zero."""
    cache.clear()
    yield
    cache.clear()


def make_login_user(email: str):
    user = get_user_model().objects.create_user(email, PASSWORD, first_name="Jan")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_the_right_password_logs_in_when_not_locked(client, fresh_throttles):
    user = make_login_user("jan@example.nl")

    response = login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_locks_after_the_failure_limit_even_for_the_right_password(
    client, settings, fresh_throttles
):
    user = make_login_user("jan@example.nl")

    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = login(client, user.email, "fout-wachtwoord")
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200  # the form again, with an error
    response = login(client, user.email, PASSWORD)

    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_does_not_lock_other_accounts_from_the_same_address(
    client, settings, fresh_throttles
):
    """Jobseekers in one classroom share an address; one person's typos must not lock the rest."""
    locked = make_login_user("jan@example.nl")
    colleague = make_login_user("fatima@example.nl")

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, locked.email, "fout-wachtwoord")
    response = login(client, colleague.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)
