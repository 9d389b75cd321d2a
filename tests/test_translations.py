"""Dutch first, English complete: every user-facing text has a Dutch translation."""

import re
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


FORMAL = re.compile(r"\b(?:u|uw|U|Uw)\b")
INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|Je|Jij|Jou|Jouw)\b")


def test_dutch_says_je_to_everyone_and_never_u():
    # The rule: Talentbrug says "je" to the jobseekers it is for, and, for one voice,
    # to the staff of organisations too. So no Dutch text uses "u" or "uw", and none
    # mixes both forms.
    catalog = read_catalog(DUTCH)
    formal = []
    for message in catalog:
        strings = message.string if message.pluralizable else [message.string]
        for text in strings:
            if message.id and text and FORMAL.search(text):
                mixed = " (mixed with je)" if INFORMAL.search(text) else ""
                formal.append(f"{message.id!r}{mixed}: {text!r}")
    assert formal == [], "\n".join(formal)


def test_no_choice_list_offers_dashes():
    # Django's "---------" means nothing to a reader; every empty choice says what it is.
    # (Forms that set their empty choice in __init__, like the trajectory forms, are not
    # listed: their class still holds Django's default.)
    import importlib

    from django import forms

    modules = [
        "portal.accounts.forms",
        "portal.organisations.forms",
        "portfolios.forms",
        "portfolios.document_views",
        "vacancies.forms",
        "intermediaries.caseload_forms",
        "training.cohort_forms",
        "intermediaries.proposal_forms",
        "search.forms",
    ]
    dashes = []
    for name in modules:
        for form in vars(importlib.import_module(name)).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.ModelChoiceField):  # its choices query the database
                    labels = [str(field.empty_label or "")]
                else:
                    labels = [str(label) for _value, label in getattr(field, "choices", ())]
                if any(label.startswith("---") for label in labels):
                    dashes.append(f"{name}.{form.__name__}.{field_name}")
    assert dashes == []


def test_no_cms_edit_form_offers_dashes():
    # The network admin's edit forms in /cms/ (organisations, members, skills, employers,
    # valuation tables, targets, events) say what an empty choice means, not "---------".
    from django import forms
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    assert get_resolver().url_patterns  # loading the URLs registers the view sets
    ours = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and not type(viewset).__module__.startswith("wagtail")
    ]
    dashes, selects = [], 0
    for viewset in ours:
        for for_update in (False, True):
            for name, field in viewset.get_form_class(for_update).base_fields.items():
                if isinstance(field, forms.ModelChoiceField):
                    labels = [str(field.empty_label or "")]
                else:
                    labels = [str(label) for _value, label in getattr(field, "choices", ())]
                selects += bool(labels)
                if any(label.startswith("---") for label in labels):
                    dashes.append(f"{type(viewset).__name__}.{name}")
    assert len(ours) >= 7 and selects >= 10  # the check looked at the forms that have selects
    assert dashes == []
