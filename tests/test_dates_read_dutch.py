"""Dates read as Dutch writes them: "1 okt 2025", never "1 Okt 2025" (issue 14).

Django's `M` capitalises a month's abbreviation in every language. Templates, PDFs and code
name a format from `portal/formats/` instead (COMPACT_DATE_FORMAT and friends), which keeps
Dutch months in lower case and English ones capitalised.
"""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, translation

from api.factories import make_token
from api.models import ApiKey

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "portfolios", "vacancies", "search", "intermediaries", "training",
        "socialreturn", "events", "api", "demo"]  # fmt: skip
# A date format (template filter or Python) spelled out with a bare `M`: "j M Y", "M Y".
SPELLED_OUT_M = re.compile(
    r"""(?:\|date:|date_format\([^,]+,\s*|strftime\()\s*["']([^"']*(?<![\\A-Za-z])M(?![A-Za-z])[^"']*)["']"""
)


def _sources():
    for app in APPS:
        folder = ROOT / app
        if folder.is_dir():
            yield from (p for p in folder.rglob("*") if p.suffix in {".html", ".py", ".txt"})


def test_no_template_or_code_spells_out_a_capitalised_month():
    found = []
    for path in _sources():
        if "tests" in path.parts:
            continue
        for number, line in enumerate(path.read_text(errors="ignore").splitlines(), 1):
            for match in SPELLED_OUT_M.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(1)!r}")
    assert found == [], "use COMPACT_DATE_FORMAT (portal/formats/), not M:\n" + "\n".join(found)


def test_the_check_finds_a_spelled_out_month():
    # The pattern above must see what it is for, or the test before passes on nothing.
    assert SPELLED_OUT_M.search('{{ day|date:"j M Y" }}')
    assert SPELLED_OUT_M.search('formats.date_format(month, "M Y")')
    assert not SPELLED_OUT_M.search('{{ day|date:"COMPACT_DATE_FORMAT" }}')
    assert not SPELLED_OUT_M.search('{{ day|date:"j F Y" }}')


@pytest.mark.parametrize(("language", "expected"), [("nl", "1 okt 2025"), ("en", "1 Oct 2025")])
def test_compact_dates_follow_the_language(language, expected):
    with translation.override(language):
        assert formats.date_format(datetime(2025, 10, 1), "COMPACT_DATE_FORMAT") == expected


@pytest.mark.django_db
def test_jobseeker_reads_her_codes_end_date_with_a_lower_case_month(world, login):
    make_token(user=world.jobseeker)
    ApiKey.objects.update(expires_at=datetime(2099, 10, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam")))

    client = login(world.jobseeker)
    page = client.get(reverse("api_token_list"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "1 okt 2099" in page
    assert "Okt" not in page


def test_may_is_mei_in_dutch_dates():
    # The API key table once had a column "May" (as in "may do"), translated "Mag": the
    # project's catalogue comes before Django's, so every date in May read "11 Mag 2026".
    with translation.override("nl"):
        assert formats.date_format(datetime(2026, 5, 11), "j F Y") == "11 mei 2026"
        assert formats.date_format(datetime(2026, 5, 11), "COMPACT_DATE_FORMAT") == "11 mei 2026"


def test_no_message_of_ours_retranslates_a_month_or_day_name():
    import gettext

    import django
    from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

    from tests.test_translations import DUTCH, read_catalog

    djangos = gettext.translation(
        "django", Path(django.__file__).parent / "conf" / "locale", languages=["nl"]
    )
    with translation.override("en"):  # the English source texts Django looks up
        names = {
            str(name)
            for table in (MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR)
            for name in table.values()
        }
    clashes = [
        f"{m.id!r}: ours {m.string!r}, Django's {djangos.gettext(m.id)!r}"
        for m in read_catalog(DUTCH)
        if m.id in names and not m.context and m.string != djangos.gettext(m.id)
    ]
    assert clashes == [], "give these a context (pgettext):\n" + "\n".join(clashes)
