"""Dutch first, English complete: every user-facing text has a Dutch translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
DUTCH = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def read_catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_every_dutch_message_is_translated_and_not_fuzzy():
    catalog = read_catalog(DUTCH)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (message.fuzzy or not (all(message.string) if message.pluralizable else message.string))
    ]
    assert untranslated == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_catalog_holds_every_text_marked_for_translation(tmp_path):
    # Extract again into a copy of the source tree and compare: a text that is
    # marked in code or templates but missing from the catalog shows in English.
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "node_modules", "__pycache__", "*.mo"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--ignore",
            "tests/*",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = message_ids(read_catalog(copy / DUTCH.relative_to(ROOT)))
    committed = message_ids(read_catalog(DUTCH))
    assert sorted(fresh - committed) == []


def message_ids(catalog) -> set[str]:
    # A plural message's id is (singular, plural); compare on the singular.
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
    }
