"""Progress charts as inline SVG, drawn by pygal on the server: cohort bars and skill lines.

The page's strict CSP blocks inline <script>, <style> and style="" attributes, and the
PDF renderer fetches nothing from the network, so the SVG pygal writes is cleaned:
its script, style sheet, tooltips and ids go, and colours and fonts become plain SVG
presentation attributes. What is left is our own markup, safe to embed in a page or a
PDF. Every chart gets role="img" and a label; pages show the same numbers in a table.
"""

import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date

import pygal
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from .selectors import SkillLevels

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# Colour-blind safe (Okabe–Ito), dark enough against white for the 3:1 of WCAG 1.4.11.
PALETTE = ("#0b4f6c", "#d55e00", "#007a5a", "#8a5a00", "#6a3d9a", "#b8336a")
INK = "#1a1a1a"
GUIDE = "#cccccc"
COLOUR_CLASS = re.compile(r"\bcolor-(\d+)\b")


def _whole_numbers(highest: int) -> list[int]:
    """Y labels for counts of people: whole numbers, about five steps."""
    step = max(1, math.ceil(highest / 5))
    return list(range(0, max(highest, 1) + step, step))


def _config(*, width: int, height: int, legend: bool, rotate: int = 0) -> pygal.Config:
    return pygal.Config(
        js=[],
        css=[],
        disable_xml_declaration=True,
        no_prefix=True,
        width=width,
        height=height,
        show_legend=legend,
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        print_values=not legend,
        print_values_position="top",
        print_zeroes=True,
        min_scale=2,
        max_scale=6,
        x_label_rotation=rotate,
        margin=16,
        spacing=12,
        truncate_legend=-1,
        truncate_label=-1,
    )


def _classes(element: ET.Element) -> str:
    return element.get("class", "")


def _anchor(element: ET.Element, axis: str) -> None:
    """pygal's style sheet aligns axis labels; the same as attributes."""
    if axis == "x":
        element.set("text-anchor", "start" if element.get("transform") else "middle")
    elif axis == "y":
        element.set("text-anchor", "end")


def _restyle(element: ET.Element, *, axis: str = "", series_colour: str = "") -> None:
    for attribute in ("style", "id"):
        element.attrib.pop(attribute, None)
    classes = _classes(element).split()
    if "axis" in classes:
        axis = "x" if "x" in classes else "y" if "y" in classes else axis
    colour = COLOUR_CLASS.search(" ".join(classes))
    if colour:
        series_colour = PALETTE[int(colour.group(1)) % len(PALETTE)]
        element.set("fill", series_colour)
    if "background" in classes:
        element.set("fill", "#ffffff")
    if "line" in classes and series_colour and not axis:
        # A line series: drawn in its colour, thick enough to tell apart.
        element.set("stroke", series_colour)
        element.set("stroke-width", "3")
        element.set("fill", "none")
    elif "line" in classes:
        # Like pygal's own style: no vertical lines behind bars, horizontal guides in grey.
        element.set("stroke", "none" if axis == "x" else INK if "major" in classes else GUIDE)
        element.set("fill", "none")
    if element.tag == f"{{{SVG_NS}}}text":
        element.set("fill", INK)
        _anchor(element, axis)
    for child in element:
        _restyle(child, axis=axis, series_colour=series_colour)


def _clean(svg: str, *, label: str) -> SafeString:
    """pygal's SVG without script, styles, tooltips, titles or ids; colours as attributes."""
    root = ET.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            hover_only = {"tooltip", "tooltip-overlay"} & set(_classes(child).split())
            if tag in ("defs", "script", "style", "desc", "title") or hover_only:
                parent.remove(child)
    _restyle(root)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("font-family", "DejaVu Sans, Verdana, sans-serif")
    root.set("font-size", "13")
    root.set("class", "chart__svg")
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = label
    root.insert(0, title)
    # Our own markup from numbers and gettext labels that ElementTree escaped.
    return mark_safe(ET.tostring(root, encoding="unicode"))


def bar_chart(*, label: str, bars: Sequence[tuple[str, int]]) -> SafeString:
    """One bar per (name, number), its number above it."""
    return _bars(str(label), tuple((str(name), number) for name, number in bars))


def grouped_bar_chart(
    *, label: str, x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]
) -> SafeString:
    """Bars per x label, one colour per series, with a legend under the chart."""
    return _grouped_bars(
        str(label),
        tuple(str(name) for name in x_labels),
        tuple((str(name), tuple(numbers)) for name, numbers in series),
    )


# Drawing takes pygal 3–25 ms; the same numbers and labels (already translated) always give
# the same SVG, and cohort figures change slowly, so each process keeps recent drawings.
@functools.lru_cache(maxsize=256)
def _bars(label: str, bars: tuple[tuple[str, int], ...]) -> SafeString:
    chart = pygal.Bar(_config(width=720, height=320, legend=False))
    chart.x_labels = [name for name, _number in bars]
    chart.y_labels = _whole_numbers(max((number for _name, number in bars), default=0))
    chart.add(label, [number for _name, number in bars])
    return _clean(chart.render(is_unicode=True), label=label)


@functools.lru_cache(maxsize=256)
def _grouped_bars(
    label: str, x_labels: tuple[str, ...], series: tuple[tuple[str, tuple[int, ...]], ...]
) -> SafeString:
    rotate = 45 if len(x_labels) > 8 else 0
    chart = pygal.Bar(_config(width=900, height=380, legend=True, rotate=rotate))
    chart.x_labels = list(x_labels)
    chart.y_labels = _whole_numbers(
        max((max(numbers, default=0) for _n, numbers in series), default=0)
    )
    for name, numbers in series:
        chart.add(name, list(numbers))
    return _clean(chart.render(is_unicode=True), label=label)


def skill_level_chart(*, skills: list[SkillLevels], title: str) -> SafeString:
    """A line per skill of staff's assessed level (1–4) over time; a level holds until the next."""
    assessed = [row for row in skills if row.history]
    days: list[date] = sorted({item.assessed_on for row in assessed for item in row.history})
    # Narrow, so its 13-unit text stays readable when a phone shrinks it to the screen.
    config = _config(width=420, height=300 + 20 * len(assessed), legend=True, rotate=45)
    config.legend_at_bottom_columns = 1
    config.range = (1, 4)
    config.print_values = False
    config.dots_size = 5
    config.margin_right = 48  # room for the last date under the axis
    chart = pygal.Line(config)
    chart.x_labels = [date_format(day, "COMPACT_DATE_FORMAT") for day in days]
    chart.y_labels = [1, 2, 3, 4]
    for row in assessed:
        by_day = {item.assessed_on: item.level for item in row.history}
        values, level = [], None
        for day in days:
            level = by_day.get(day, level)
            values.append(level)
        chart.add(row.concept.label(), values)
    return _clean(chart.render(is_unicode=True), label=str(title))
