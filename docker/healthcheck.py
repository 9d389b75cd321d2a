"""Healthcheck of the `web` container: GET /health/ the way the reverse proxy sends it.

Production settings accept only the public host names and redirect plain HTTP to
HTTPS, so the request carries the first ALLOWED_HOSTS name and X-Forwarded-Proto.
Exit status 0 when the site and its database answer (the search engine may be down:
/health/ then says "degraded" with 200, see portal/health.py); 1 otherwise.
"""

import os
import sys
import urllib.error
import urllib.request


def public_host() -> str:
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    names = [host.lstrip(".") for host in hosts if host and "*" not in host]
    return names[0] if names else "localhost"


def main() -> int:
    request = urllib.request.Request(
        "http://127.0.0.1:8000/health/",
        headers={"Host": public_host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"health check failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
