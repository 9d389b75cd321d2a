"""`make soak`: the production shape under load and faults, measured (issue 19, item 9).

It runs what docker-compose.yml runs, on this machine and on loopback only:
gunicorn with `docker/gunicorn.conf.py` and the production settings (over plain
HTTP: tests/soak/settings.py), PostgreSQL holding the 10k demo, the background
worker, and an OpenSearch-compatible engine (osmem-server) behind a proxy that can
refuse or hang. Locust (headless, bounded in time) drives it:

1. load: SOAK_USERS (50) users for SOAK_SECONDS (120 s) across every role's
   journey, each user logging in once;
2. rebuild: coaches searching while `search_rebuild` swaps the index;
3. faults, each under light load: the search engine refusing connections, the
   engine accepting but never answering, every database connection killed, the
   worker killed while it makes a PDF CV, and a full and a read-only evidence folder.

It prints one JSON object: requests/s, p50/p95/p99 per journey step, failures by
kind, and per fault what the user saw and whether any job was lost or repeated,
any e-mail sent twice or any stray file left. Progress goes to stderr.

SOAK_DATABASE_URL (default: database talentbrug_soak on the local PostgreSQL) is
dropped and loaded again unless SOAK_REUSE=1 and it already holds the demo.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parents[2]
VAR = BASE_DIR / "var" / "soak"
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/talentbrug_soak"
LEASE_SECONDS = 20
SEARCH_PREFIX = "/zoeken/"


def log(message: str) -> None:
    print(
        f"[soak {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}",
        file=sys.stderr,
        flush=True,
    )


class Soak:
    def __init__(self) -> None:
        self.database_url = os.environ.get("SOAK_DATABASE_URL", DEFAULT_DATABASE_URL)
        self.size = os.environ.get("SOAK_SIZE", "10k")
        self.users = int(os.environ.get("SOAK_USERS", "50"))
        self.seconds = int(os.environ.get("SOAK_SECONDS", "120"))
        self.port = int(os.environ.get("SOAK_PORT", "8931"))
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}
        VAR.mkdir(parents=True, exist_ok=True)
        self.mail_dir = VAR / "mail"
        self.private_dir = VAR / "private"
        self.evidence_dir = self.private_dir / "evidence"

    # --- set-up ------------------------------------------------------------------------

    def environment(self, search_backend: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.soak.settings",
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": self.url,
            "SEARCH_BACKEND": search_backend,
            "ELASTICSEARCH_URL": f"http://127.0.0.1:{self.proxy.port}",
            "SEARCH_INDEX_PREFIX": "soak",
            "MEDIA_ROOT": str(VAR / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.private_dir),
            "SOAK_MAIL_DIR": str(self.mail_dir),
            "JOB_LEASE_SECONDS": str(LEASE_SECONDS),
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "3"),
            "LOG_LEVEL": "ERROR",
            "GUNICORN_LOG_LEVEL": "warning",
        }

    def manage(self, *args: str, timeout: int = 3600) -> None:
        log("manage.py " + " ".join(args))
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
        )

    def prepare_database(self) -> None:
        import psycopg

        parsed = urlparse(self.database_url)
        name = parsed.path.lstrip("/")
        admin = parsed._replace(path="/postgres").geturl()
        reuse = os.environ.get("SOAK_REUSE") == "1"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists and reuse and self._holds_demo():
                # The code may have moved on since the demo was loaded: its schema follows.
                log(f"reusing database {name}")
                self.manage("migrate", "--noinput")
                return
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        shutil.rmtree(VAR / "media", ignore_errors=True)
        shutil.rmtree(self.private_dir, ignore_errors=True)
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("site_pages")
        self.manage("load_starter_taxonomy", "--quiet")
        self.manage("demo_data", "--size", self.size)

    def _holds_demo(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.database_url) as connection:
                return bool(
                    connection.execute(
                        "SELECT count(*) FROM accounts_user WHERE email LIKE %s", ["%@bulk.%"]
                    ).fetchone()[0]
                )
        except psycopg.Error:
            return False

    def start_server(self, search_backend: str) -> None:
        """gunicorn and the worker with `search_backend`; a running pair is stopped first."""
        self.stop()
        self.env = self.environment(search_backend)
        self.processes["web"] = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "--config",
                "docker/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--worker-tmp-dir",
                "/dev/shm",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stderr=open(VAR / "gunicorn.log", "w"),  # noqa: SIM115
        )
        self.start_worker()
        for _ in range(120):
            try:
                with urllib.request.urlopen(self.url + "/health/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise RuntimeError("gunicorn did not answer /health/ within two minutes")

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(VAR / "worker.log", "a"),  # noqa: SIM115
        )

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    # --- the plan: which pages each role visits -------------------------------------------

    def write_plan(self) -> Path:
        from django.db.models import Q

        from demo import DEMO_ACCOUNTS, DEMO_EMPLOYER, DEMO_PASSWORD, FIRST_TRAINING_CENTRE
        from portal.organisations.models import Membership, Role
        from portfolios.models import PortfolioPage
        from training.models import Trajectory
        from vacancies.models import Vacancy, VacancyStatus

        accounts = {account.key: account.email for account in DEMO_ACCOUNTS}
        open_vacancies = list(
            Vacancy.objects.filter(status=VacancyStatus.OPEN)
            .order_by("?")
            .values_list("pk", flat=True)[:30]
        )
        centre_jobseekers = Membership.objects.active().filter(
            organisation__slug=FIRST_TRAINING_CENTRE, role=Role.JOBSEEKER
        )
        caseload = list(
            PortfolioPage.objects.live()
            .filter(jobseeker__in=centre_jobseekers.values("user_id"))
            .values_list("public_id", flat=True)[:30]
        )
        employer_vacancies = list(
            Vacancy.objects.filter(organisation__slug=DEMO_EMPLOYER).values_list("pk", flat=True)[
                :10
            ]
        )
        trajectories = list(
            Trajectory.objects.filter(Q(organisation__slug=FIRST_TRAINING_CENTRE)).values_list(
                "pk", flat=True
            )[:20]
        )
        centre = f"/organisaties/{FIRST_TRAINING_CENTRE}"
        journeys = {
            "anonymous": [
                ["home", "/", 3, False],
                ["about", "/over-talentbrug/", 1, False],
                ["privacy", "/privacy/", 1, False],
                ["login page", "/accounts/login/", 1, False],
                ["employer sign-up", "/werkgever/aanmelden/", 1, False],
            ],
            "jobseeker": [
                ["dashboard", "/mijn/", 3, False],
                ["portfolio: about me", "/mijn/portfolio/over-mij/", 2, False],
                ["portfolio: done", "/mijn/portfolio/gedaan/", 1, False],
                ["skills step", "/mijn/portfolio/goed-in/", 1, False],
                ["wishes step", "/mijn/portfolio/wat-ik-wil/", 1, False],
                ["proposals", "/mijn/voorstellen/", 1, False],
                ["progress", "/mijn/voortgang/", 1, False],
                ["notifications", "/mijn/meldingen/", 1, False],
                ["vacancies", "/vacatures/", 1, False],
                *[["vacancy", f"/vacatures/{pk}/", 1, False] for pk in open_vacancies[:5]],
            ],
            "coach": [
                ["dashboard", "/mijn/", 2, False],
                ["caseload", f"{centre}/caseload/", 2, False],
                ["proposals", f"{centre}/voorstellen/", 1, False],
                *[
                    ["candidate search", f"/zoeken/vacature/{pk}/kandidaten/", 1, True]
                    for pk in open_vacancies
                ],
                *[
                    ["vacancy search", f"/zoeken/kandidaat/{public_id}/vacatures/", 1, True]
                    for public_id in caseload[:15]
                ],
            ],
            "recruiter": [
                ["dashboard", "/mijn/", 2, False],
                ["vacancies", f"/werkgever/{DEMO_EMPLOYER}/vacatures/", 2, False],
                *[
                    ["vacancy", f"/werkgever/vacatures/{pk}/", 1, False]
                    for pk in employer_vacancies
                ],
                *[
                    ["inbox", f"/werkgever/{DEMO_EMPLOYER}/vacatures/{pk}/voorstellen/", 1, False]
                    for pk in employer_vacancies
                ],
            ],
            "training_staff": [
                ["dashboard", "/mijn/", 1, False],
                ["trajectories", f"{centre}/trajecten/", 2, False],
                ["cohorts", f"{centre}/cohorten/", 1, False],
                *[["trajectory", f"{centre}/trajecten/{pk}/", 1, False] for pk in trajectories],
            ],
            "organisation_admin": [
                ["dashboard", "/mijn/", 1, False],
                ["organisation", f"{centre}/", 1, False],
                ["caseload", f"{centre}/caseload/", 1, False],
            ],
        }
        plan = {
            "password": DEMO_PASSWORD,
            "accounts": {role: accounts[role] for role in journeys if role in accounts},
            "journeys": journeys,
            # 50 users: mostly jobseekers and coaches, as in a network's working day.
            "weights": {
                "jobseeker": 18,
                "coach": 14,
                "recruiter": 7,
                "training_staff": 4,
                "organisation_admin": 2,
                "anonymous": 5,
            },
        }
        path = VAR / "plan.json"
        path.write_text(json.dumps(plan, default=str))
        self.plan = path
        self.plan_summary = self.check_plan(plan)
        path.write_text(json.dumps(plan, default=str))
        return path

    def check_plan(self, plan: dict) -> dict:
        """Visit each planned page once as its role; keep only those that answer 200.

        What a demo account may not see (a portfolio not shared with the coach, say)
        is the access rules at work, not a failure of the portal under load.
        """
        summary = {}
        for role, steps in plan["journeys"].items():
            session = self.session(role) if role in plan["accounts"] else self.anonymous()
            kept = []
            for step in steps:
                answer = session.get(self.url + step[1], timeout=60, allow_redirects=False)
                if answer.status_code == 200:
                    kept.append(step)
            summary[role] = {"pages_planned": len(steps), "pages_kept": len(kept)}
            plan["journeys"][role] = kept
        return summary

    def anonymous(self):
        import requests

        return requests.Session()

    # --- load -------------------------------------------------------------------------

    def locust(self, name: str, users: int, seconds: int, roles: str = "") -> subprocess.Popen:
        prefix = VAR / f"locust-{name}"
        for old in VAR.glob(f"locust-{name}_*.csv"):
            old.unlink()
        return subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 5)),
                "--run-time",
                f"{seconds}s",
                "--host",
                self.url,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "ERROR",
            ],
            cwd=BASE_DIR,
            env={**os.environ, "SOAK_PLAN": str(self.plan), "SOAK_ROLES": roles},
            stdout=subprocess.DEVNULL,
            stderr=open(VAR / f"locust-{name}.log", "w"),
        )

    @staticmethod
    def figures(name: str) -> dict:
        """What locust measured in one phase: per step and in all, and failures by kind."""
        steps: dict[str, dict] = {}
        total: dict = {}
        with open(VAR / f"locust-{name}_stats.csv") as stats:
            for row in csv.DictReader(stats):
                entry = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": _number(row["50%"]),
                    "p95_ms": _number(row["95%"]),
                    "p99_ms": _number(row["99%"]),
                }
                if row["Name"] == "Aggregated":
                    total = {**entry, "requests_per_second": round(float(row["Requests/s"]), 1)}
                else:
                    steps[row["Name"]] = entry
        failures = Counter()
        with open(VAR / f"locust-{name}_failures.csv") as rows:
            for row in csv.DictReader(rows):
                kind = re.sub(r"\d{4,}", "…", row["Error"])[:120]
                failures[f"{row['Name']}: {kind}"] += int(row["Occurrences"])
        return {"all": total, "steps": steps, "failures_by_kind": dict(failures)}

    def run_load(self) -> dict:
        log(f"load: {self.users} users for {self.seconds} s")
        self.locust("load", self.users, self.seconds).wait()
        return self.figures("load")

    def run_rebuild(self) -> dict:
        log("rebuild: coaches search while the index is rebuilt")
        load = self.locust("rebuild", 15, 75, roles="coach")
        time.sleep(10)
        started = time.perf_counter()
        self.manage("search_rebuild", "--quiet")
        rebuild_seconds = round(time.perf_counter() - started, 1)
        load.wait()
        figures = self.figures("rebuild")
        searches = {k: v for k, v in figures["steps"].items() if "search" in k}
        return {
            "rebuild_seconds": rebuild_seconds,
            "searches": sum(v["requests"] for v in searches.values()),
            "failed_searches": sum(v["failures"] for v in searches.values()),
            "failures_by_kind": figures["failures_by_kind"],
        }

    # --- faults -----------------------------------------------------------------------

    def light_phase(self, name: str, seconds: int = 40, during=None) -> dict:
        """A light load (8 users); `during()` runs 10 s in; split figures: search or not."""
        load = self.locust(name, 8, seconds)
        outcome = None
        if during is not None:
            time.sleep(10)
            outcome = during()
        load.wait()
        figures = self.figures(name)
        steps = figures["steps"]

        def p95_of(select) -> float | None:
            values = [v["p95_ms"] for k, v in steps.items() if select(k) and v["requests"]]
            return max(values) if values else None

        return {
            "requests": figures["all"].get("requests"),
            "failures": figures["all"].get("failures"),
            "worst_step_p95_ms_other_pages": p95_of(lambda k: "search" not in k),
            "worst_step_p95_ms_search": p95_of(lambda k: "search" in k),
            "failures_by_kind": figures["failures_by_kind"],
            **({"fault": outcome} if outcome else {}),
        }

    def engine_fault(self, mode: str) -> dict:
        def inject() -> dict:
            self.proxy.set_mode(mode)
            time.sleep(20)
            self.proxy.set_mode("pass")
            return {"engine": mode, "for_seconds": 20}

        result = self.light_phase(f"engine-{mode}", 45, inject)
        result["health_after"] = self.health()
        return result

    def kill_database_connections(self) -> dict:
        import psycopg

        def inject() -> dict:
            name = urlparse(self.database_url).path.lstrip("/")
            admin = urlparse(self.database_url)._replace(path="/postgres").geturl()
            with psycopg.connect(admin, autocommit=True) as connection:
                killed = connection.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                ).fetchone()[0]
            return {"connections_killed": killed}

        result = self.light_phase("database-killed", 40, inject)
        result["health_after"] = self.health()
        return result

    def health(self) -> dict:
        try:
            with urllib.request.urlopen(self.url + "/health/", timeout=10) as response:
                return {"status": response.status, **json.loads(response.read())}
        except urllib.error.HTTPError as error:
            return {"status": error.code}
        except OSError as error:
            return {"status": None, "error": type(error).__name__}

    def session(self, role: str):
        """A requests session logged in as the demo account of `role`."""
        import requests

        plan = json.loads(self.plan.read_text())
        session = requests.Session()
        session.headers["Accept-Language"] = "nl"
        page = session.get(self.url + "/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        session.post(
            self.url + "/accounts/login/",
            data={
                "login": plan["accounts"][role],
                "password": plan["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.url + "/accounts/login/"},
            timeout=30,
        )
        return session

    def kill_worker_mid_pdf(self) -> dict:
        from django.db import close_old_connections

        from demo import DEMO_ACCOUNTS
        from portal.generated_files import JobStatus
        from portfolios.models import PortfolioDocument, PortfolioPage

        email = next(a.email for a in DEMO_ACCOUNTS if a.key == "jobseeker")
        portfolio = PortfolioPage.objects.get(jobseeker__email=email)
        session = self.session("jobseeker")
        for attempt in range(1, 6):
            close_old_connections()
            PortfolioDocument.objects.filter(portfolio=portfolio).delete()
            requested_at = time.time()
            form = session.get(f"{self.url}/portfolio/{portfolio.public_id}/cv/", timeout=30)
            version = re.search(r'name="version" value="([^"]+)"', form.text).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
            answer = session.post(
                f"{self.url}/portfolio/{portfolio.public_id}/cv/",
                data={"version": version, "csrfmiddlewaretoken": token},
                headers={"Referer": form.url},
                timeout=30,
                allow_redirects=False,
            )
            status_url = self.url + answer.headers["Location"]
            document = PortfolioDocument.objects.filter(portfolio=portfolio).latest("pk")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                status = PortfolioDocument.objects.filter(pk=document.pk).values_list(
                    "status", flat=True
                )[0]
                if status != JobStatus.PENDING:
                    break
                time.sleep(0.005)
            if status == JobStatus.RUNNING:
                self.processes["worker"].send_signal(signal.SIGKILL)
                self.processes["worker"].wait()
                break
            log(f"worker kill: the CV was {status} before the kill; again ({attempt})")
        else:
            return {"measured": False, "why": "every render finished before the kill"}
        killed_at = time.monotonic()
        seen_while_dead = session.get(status_url, timeout=30)
        self.start_worker()
        time.sleep(LEASE_SECONDS + 2)
        self.manage("sweep_jobs")
        while time.monotonic() - killed_at < 120:
            document.refresh_from_db()
            if document.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            time.sleep(0.5)
        seen_after = session.get(status_url, timeout=30)
        cv_folder = self.private_dir / "cv"
        new_cv_files = [
            path
            for path in cv_folder.iterdir()
            if path.is_file() and path.stat().st_mtime >= requested_at
        ]
        from django_tasks_db.models import DBTaskResult

        return {
            "measured": True,
            "killed_while": "making the PDF",
            "person_saw_while_worker_dead": seen_while_dead.status_code,
            "status_after": document.status,
            "attempts": document.attempts,
            "seconds_to_done": round(time.monotonic() - killed_at, 1),
            "person_saw_after": seen_after.status_code,
            "download_offered": "/download/" in seen_after.text,
            "cv_documents_for_the_request": PortfolioDocument.objects.filter(
                portfolio=portfolio
            ).count(),
            # One request, one finished file: the killed run left nothing behind.
            "cv_files_written_since_the_request": len(new_cv_files),
            "cv_file_exists": bool(document.file)
            and document.file.storage.exists(document.file.name),
            "task_rows_left_running": DBTaskResult.objects.filter(status="RUNNING").count(),
        }

    def evidence_folder_faults(self) -> dict:
        """A full and a read-only evidence folder (tmpfs mounts; needs root)."""
        if os.geteuid() != 0 or shutil.which("mount") is None:
            return {"measured": False, "why": "mounting a small filesystem needs root"}
        from demo import DEMO_ACCOUNTS
        from portal.accounts.models import User

        owner = User.objects.get(email=next(a.email for a in DEMO_ACCOUNTS if a.key == "jobseeker"))
        folder = self.evidence_dir / str(owner.pk)
        folder.mkdir(parents=True, exist_ok=True)
        session = self.session("jobseeker")
        image = _png_bytes()
        results = {}
        for fault, options in (("full", "size=256k"), ("read_only", "size=256k,ro")):
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True
            )
            try:
                if fault == "full":
                    with open(folder / "filler", "wb") as filler, contextlib.suppress(OSError):
                        filler.write(b"\0" * 262144)
                before = _files_in(folder)
                page = session.get(self.url + "/mijn/bewijs/", timeout=30)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
                answer = session.post(
                    self.url + "/mijn/bewijs/",
                    data={"kind": "photo", "title": "Mijn werk", "csrfmiddlewaretoken": token},
                    files={"file": ("werk.png", image, "image/png")},
                    headers={"Referer": self.url + "/mijn/bewijs/"},
                    timeout=30,
                )
                results[fault] = {
                    "status": answer.status_code,
                    "message_shown": "utrecht-form-field-error-message" in answer.text
                    or "errorlist" in answer.text,
                    "stray_files": sorted(_files_in(folder) - before),
                }
            finally:
                subprocess.run(["umount", str(folder)], check=False)
        return {"measured": True, **results}

    def email_doubles(self) -> dict:
        seen = Counter()
        for message in self.mail_dir.glob("*.log") if self.mail_dir.exists() else []:
            text = message.read_text(errors="replace")
            for part in text.split(
                "\n-------------------------------------------------------------------------------\n"
            ):
                if not part.strip():
                    continue
                # A notification's mail names it in its Message-ID: the same text for
                # two different proposals is not a double. Other mails by their text.
                notification = re.search(r"^Message-ID: <(notification\.\d+)@", part, re.M)
                if notification:
                    seen[notification.group(1)] += 1
                else:
                    body = re.sub(r"^(Date|Message-ID):.*$", "", part, flags=re.MULTILINE)
                    seen[hashlib.sha256(body.encode()).hexdigest()] += 1
        return {"emails": sum(seen.values()), "sent_twice": sum(1 for n in seen.values() if n > 1)}

    # --- the whole run ------------------------------------------------------------------

    @staticmethod
    def safely(phase, *args) -> dict:
        """Run one phase; a phase that breaks is reported as such and the others still run."""
        from django.db import connections

        # The soak's own connections may have been killed by the previous fault.
        connections.close_all()
        try:
            return phase(*args)
        except Exception as error:  # the report says what broke; the soak goes on
            log(f"{phase.__name__} broke: {error!r}")
            return {"measured": False, "broke": repr(error)[:300]}

    def run(self) -> dict:
        from osmem_server import OsmemServer

        from tests.soak.proxy import FaultyProxy

        engine = OsmemServer.start(japanese=False)
        engine_address = urlparse(engine.url)
        self.proxy = FaultyProxy(engine_address.hostname, engine_address.port)
        self.env = self.environment("elasticsearch")
        shutil.rmtree(self.mail_dir, ignore_errors=True)
        self.mail_dir.mkdir(parents=True)
        try:
            self.prepare_database()
            self.manage("collectstatic", "--noinput")
            self.manage("search_rebuild", "--quiet")
            os.environ.update(self.env)
            import django

            django.setup()
            started = time.perf_counter()
            load_search = os.environ.get("SOAK_SEARCH", "database")
            self.start_server(load_search)
            self.plan = self.write_plan()
            report = {
                "shape": {
                    "demo_size": self.size,
                    "gunicorn_workers": int(self.env["WEB_CONCURRENCY"]),
                    "database": "postgresql",
                    "search_backend_under_load": load_search,
                    "search_engine_for_engine_faults": (
                        "osmem-server (embedded OpenSearch-compatible test engine) behind a "
                        "fault proxy; its latencies are the test engine's, not Elasticsearch's"
                    ),
                    "cpu_count": os.cpu_count(),
                    "load_average_at_start": os.getloadavg()[0],
                    "plan": self.plan_summary,
                },
                # SOAK_ONLY=faults skips the load and rebuild phases (a quicker check).
                **(
                    {}
                    if os.environ.get("SOAK_ONLY") == "faults"
                    else {"load": self.run_load(), "rebuild": self.run_rebuild()}
                ),
                "faults": {
                    "database_connections_killed": self.safely(self.kill_database_connections),
                    "worker_killed_mid_pdf": self.safely(self.kill_worker_mid_pdf),
                    "evidence_folder": self.safely(self.evidence_folder_faults),
                },
            }
            # The engine faults need the Elasticsearch backend, through the proxy.
            self.start_server("elasticsearch")
            report["faults"] |= {
                "engine_baseline_light_load": self.safely(self.light_phase, "engine-baseline"),
                "engine_refuses": self.safely(self.engine_fault, "refuse"),
                "engine_hangs": self.safely(self.engine_fault, "hang"),
            }
            report["emails"] = self.email_doubles()
            report["soak_seconds"] = round(time.perf_counter() - started)
            return report
        finally:
            self.stop()
            engine.process.terminate()


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _files_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if path.is_file() and path.name != "filler"}


def _png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((700, 700), 80).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def main() -> int:
    report = Soak().run()
    print(json.dumps(report, indent=2, default=str))
    if "load" in report:
        load = report["load"]["all"]
        log(
            f"load: {load.get('requests')} requests, {load.get('failures')} failed; "
            f"rebuild: {report['rebuild']['failed_searches']} failed searches"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
