"""An event's printed schedule and table cards are tagged PDFs, like every PDF of the portal."""

import re

from django.urls import reverse

from portfolios.tests.test_pdf import pdf_objects


def _assert_tagged(pdf: bytes) -> None:
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects  # headings, tables and reading order are tagged
    assert b"/Marked true" in objects
    assert b"pdfuaid" in objects  # declared as PDF/UA-1
    assert re.search(rb"/Lang \((nl|en)\)", objects)  # read aloud in the page's language


def test_schedule_and_table_cards_are_tagged_for_screen_readers(day, login, make_schedule):
    make_schedule(day)
    schedule = login(day.jobseeker).get(reverse("my_schedule_pdf", args=[day.event.pk]))
    assert schedule["Content-Type"] == "application/pdf"
    _assert_tagged(schedule.content)
    cards = login(day.coach).get(reverse("table_cards_pdf", args=[day.event.pk]))
    assert cards["Content-Type"] == "application/pdf"
    _assert_tagged(cards.content)
