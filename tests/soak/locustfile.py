"""Simulated users of every role for `make soak` (run by tests/soak/__main__.py).

Each simulated user logs in once, then walks its role's journey: the pages in
SOAK_PLAN (a JSON file the soak writes from the demo data), picked at random with
the weights there. A search page that answers "search does not work right now"
counts as a failed search. SOAK_ROLES limits the roles (e.g. "coach" for the rebuild).
"""

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["SOAK_PLAN"]).read_text())
ROLES = [role for role in os.environ.get("SOAK_ROLES", "").split(",") if role]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCH_UNAVAILABLE = ("Zoeken werkt nu even niet", "Search does not work right now")


class Journey(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "nl"
        password = PLAN["password"]
        email = PLAN["accounts"].get(self.role)
        if not email:
            return
        # As a person would: a login that answered "try again" (503) is tried again.
        for _ in range(3):
            page = self.client.get("/accounts/login/", name="login page")
            match = CSRF.search(page.text or "")
            if match is None:
                continue
            with self.client.post(
                "/accounts/login/",
                data={"login": email, "password": password, "csrfmiddlewaretoken": match.group(1)},
                headers={"Referer": f"{self.host}/accounts/login/"},
                name="login",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code == 302:
                    return
                response.failure(f"login answered {response.status_code}")
            time.sleep(2)

    @task
    def step(self) -> None:
        steps = PLAN["journeys"][self.role]
        name, path, _weight, is_search = random.choices(steps, weights=[s[2] for s in steps])[0]
        with self.client.get(
            path, name=f"{self.role}: {name}", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 0:
                # No answer at all: keep the client's reason (reset, timeout, refused), so a
                # connection-level failure can be told apart from a slow page.
                response.failure(f"no answer: {type(response.error).__name__}: {response.error}")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif is_search and any(text in response.text for text in SEARCH_UNAVAILABLE):
                response.failure("search unavailable")


def _journey(role_name: str, weight: int) -> type[Journey]:
    return type(
        f"{role_name.title().replace('_', '')}User",
        (Journey,),
        {
            "role": role_name,
            "weight": weight,
            "__module__": __name__,
        },
    )


for _role, _weight in PLAN["weights"].items():
    if not ROLES or _role in ROLES:
        globals()[f"{_role}_user"] = _journey(_role, _weight)
