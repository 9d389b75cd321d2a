"""The dashboard writes its filter selects and table rows in Python for speed: the markup
must stay what Django's widget templates and the template loop wrote."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from socialreturn.forms import QuickSelect
from socialreturn.impact import FigureTable

CHOICES = [("", "Alle <organisaties>"), (1, "Bakker & Zn"), (2, 'De "Eik"'), ("x", "Anders")]


@pytest.mark.parametrize("value", [None, "", 1, "2", "x", "not a choice", ["1"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_organisation", "aria-describedby": "help", "required": True}]
)
def test_the_quick_select_writes_what_djangos_select_writes(value, attrs):
    djangos = forms.Select(attrs={"class": "utrecht-select"}, choices=CHOICES)
    quick = QuickSelect(attrs={"class": "utrecht-select"}, choices=CHOICES)
    assert quick.render("organisation", value, attrs) == djangos.render(
        "organisation", value, attrs
    )


def test_table_rows_are_written_as_the_template_loop_wrote_them():
    table = FigureTable(
        key="banenafspraak",
        title="Banen",
        headers=["Werkgever", "Jaar", "Mensen", "Banen"],
        rows=[["Bakker & Zn", "2026", "< 5", Decimal("1234.5")], ["De Eik", "2025", 12, 3]],
    )
    loop = Template(
        "{% for row in rows %}"
        '<tr class="utrecht-table__row">{% for cell in row %}{% if forloop.first %}'
        '<th class="utrecht-table__header-cell" scope="row">{{ cell }}</th>{% else %}'
        '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{{ cell }}</td>'
        "{% endif %}{% endfor %}</tr>{% endfor %}"
    )
    for language in ("nl", "en"):
        with translation.override(language):
            assert "".join(table.html_rows()) == loop.render(Context({"rows": table.rows}))
