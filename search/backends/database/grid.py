"""A coarse grid over the map: skill rows carry the cell of their place, so that a
search within a radius reads the rows of a skill in a few cells around it, not one
index range per place inside the radius.

A cell is `CELL_DEGREES_LATITUDE` by `CELL_DEGREES_LONGITUDE` (about 11 by 13 km in
the Netherlands). Both sides compute cells in Python from the same floats: the
writes from the place's stored coordinates, a search from its bounding box. Float
addition and division by a positive constant never reverse an order, so a place
inside the box lies in one of the box's cells: the cells only narrow the index
range, and the exact distance still decides.
"""

from __future__ import annotations

import math

CELL_DEGREES_LATITUDE = 0.1
CELL_DEGREES_LONGITUDE = 0.2
# Cells per row of the grid: more than 360 / CELL_DEGREES_LONGITUDE.
_COLUMNS = 2_000


def _row(latitude: float) -> int:
    return math.floor((latitude + 90.0) / CELL_DEGREES_LATITUDE)


def _column(longitude: float) -> int:
    return math.floor((longitude + 180.0) / CELL_DEGREES_LONGITUDE)


def cell_of(latitude: float | None, longitude: float | None) -> int | None:
    """The cell of a point; None without one."""
    if latitude is None or longitude is None:
        return None
    return _row(latitude) * _COLUMNS + _column(longitude)


def cells_in_box(
    latitude_min: float, latitude_max: float, longitude_min: float, longitude_max: float
) -> list[int]:
    """Every cell a point inside the box can lie in."""
    return [
        row * _COLUMNS + column
        for row in range(_row(latitude_min), _row(latitude_max) + 1)
        for column in range(_column(longitude_min), _column(longitude_max) + 1)
    ]
