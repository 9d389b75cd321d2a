"""Talentbrug's date formats per language, on top of Django's (`FORMAT_MODULE_PATH`).

Templates and PDFs name a format instead of spelling one out, so a date reads the way its
language writes it: `{{ day|date:"COMPACT_DATE_FORMAT" }}` is "1 okt 2025" in Dutch (months in
lower case, as Dutch writes them) and "1 Oct 2025" in English. Django's `M` would capitalise
the Dutch month ("1 Okt 2025"); use these names, not `M`. Every language in LANGUAGES defines
every name here: a name a language lacks would be printed as format characters.
"""
