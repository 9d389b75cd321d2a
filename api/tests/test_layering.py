"""The API sits above every app it serves: nothing below it imports it (STYLE.md)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER = ("portal", "portfolios", "vacancies", "search", "intermediaries")
IMPORTS_API = re.compile(r"^\s*(from api[. ]|import api\b)", re.MULTILINE)


def test_no_lower_app_imports_the_api():
    offenders = [
        str(path.relative_to(ROOT))
        for app in LOWER
        for path in (ROOT / app).rglob("*.py")
        # The project's URL conf sits above every app by design.
        if path != ROOT / "portal" / "urls.py"
        and IMPORTS_API.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
