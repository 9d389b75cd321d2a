"""Log in as every demo role on a running `make run` server and fetch that role's page.

Prints one line per check and exits non-zero on the first failure.
"""

import http.cookiejar
import os
import re
import sys
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from demo import DEMO_LOGINS, DEMO_PASSWORD

BASE = sys.argv[1].rstrip("/")

# Which page proves each role works: (path, text that must be on it).
ROLE_PAGES = {
    "jobseeker": ("/mijn/", 'data-role="jobseeker"'),
    "jobseeker2": ("/mijn/", 'data-role="jobseeker"'),
    "coach": ("/mijn/", 'data-role="coach"'),
    "coach2": ("/mijn/", 'data-role="coach"'),
    "training_staff": ("/mijn/", 'data-role="training_staff"'),
    "recruiter": ("/mijn/", 'data-role="recruiter"'),
    "organisation_admin": ("/mijn/", 'data-role="organisation_admin"'),
    "network_admin": ("/cms/", "wagtail"),
}


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def fetch(client, path: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
    with client.open(request, timeout=30) as response:
        return response.status, response.read().decode()


def main() -> int:
    status, html = fetch(opener(), "/accounts/login/")
    assert status == 200 and 'name="login"' in html, "login page"
    print("login page: 200")
    for role, email in DEMO_LOGINS.items():
        client = opener()
        _, html = fetch(client, "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        fetch(
            client,
            "/accounts/login/",
            {"login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
        )
        path, expected = ROLE_PAGES[role]
        status, html = fetch(client, path)
        if status != 200 or expected not in html:
            print(f"{role}: {path} lacks {expected!r}", file=sys.stderr)
            return 1
        print(f"{role} ({email}): {path} 200")
    return 0


if __name__ == "__main__":
    sys.exit(main())
