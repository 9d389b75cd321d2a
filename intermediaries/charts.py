"""Server-rendered SVG charts of progress (pygal), safe under the strict CSP.

pygal puts a <style> and a <script> into every SVG; the CSP would block both, so they
are taken out and the look comes from intermediaries/trajectories.css. Pages always show
the same figures in a table next to the chart.
"""

import re
from datetime import date

import pygal
import pygal.style
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .trajectory_selectors import SkillLevels

_CONFIG = pygal.Config(
    js=[],
    css=[],
    disable_xml_declaration=True,
    explicit_size=False,
    no_prefix=True,
    legend_at_bottom=True,
    legend_at_bottom_columns=1,
    range=(1, 4),
    y_labels=[1, 2, 3, 4],
    dots_size=5,
    width=640,
    height=360,
    truncate_legend=-1,
    truncate_label=-1,
    x_label_rotation=0,
    # The sizes pygal lays out with; trajectories.css draws the text at the same sizes.
    style=pygal.style.Style(label_font_size=18, major_label_font_size=18, legend_font_size=20),
)

_STRIP = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<defs>.*?</defs>", re.S),
    re.compile(r"<script.*?</script>", re.S),
    re.compile(r"<style.*?</style>", re.S),
    re.compile(r'\s(?:style|id)="[^"]*"'),
    re.compile(r"<title>.*?</title>", re.S),
]


def skill_level_chart(*, skills: list[SkillLevels], title: str) -> SafeString:
    """A line per skill of staff's assessed level (1–4) over time; a level holds until the next.

    Returns the SVG to put into the page as is: pygal's output of our own numbers and
    escaped labels, with everything the CSP would refuse removed.
    """
    assessed = [row for row in skills if row.history]
    days: list[date] = sorted({item.assessed_on for row in assessed for item in row.history})
    chart = pygal.Line(_CONFIG)
    chart.x_labels = [date_format(day, "j M Y") for day in days]
    for row in assessed:
        by_day = {item.assessed_on: item.level for item in row.history}
        values, level = [], None
        for day in days:
            level = by_day.get(day, level)
            values.append(level)
        chart.add(row.concept.label(), values)
    svg = chart.render(is_unicode=True)
    for pattern in _STRIP:
        svg = pattern.sub("", svg)
    label = escape(title)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" focusable="false" ',
        1,
    )
    return mark_safe(svg.replace(">", f"><title>{label}</title>", 1))
