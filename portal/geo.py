"""Dutch postcodes and distances, from a small table shipped with the code.

The table (`portal/data/postcode_areas.csv`) holds one row per four-digit
postcode area (PC4): place, municipality, province and an approximate centroid.
It covers Oost-Groningen, where the portal starts, and the cities its demo and
tests use; it is not a national gazetteer. A PC4 is precise enough for what we
need it for ("how far is this job from where I live?") and, unlike a full
postcode, does not pin down somebody's house.
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POSTCODE_TABLE = Path(__file__).resolve().parent / "data" / "postcode_areas.csv"

# Mean Earth radius (IUGG); haversine on a sphere is well within a few hundred
# metres over the distances people travel to work.
EARTH_RADIUS_KM = 6371.0088

# 1234 or 1234 AB / 1234AB. PC4s start at 1000; PostNL never issues the letter
# pairs SA, SD and SS (they read as Nazi-era abbreviations), so those are invalid.
_POSTCODE_RE = re.compile(r"^([1-9][0-9]{3})(?:([A-Z]{2}))?$")
_UNISSUED_LETTERS = frozenset({"SA", "SD", "SS"})


@dataclass(frozen=True, slots=True)
class Place:
    """A four-digit postcode area with its place and an approximate centroid."""

    postcode: str
    place: str
    municipality: str
    province: str
    latitude: float
    longitude: float


def normalise_postcode(text: str | None) -> str | None:
    """Return a Dutch postcode in canonical form, or None when it is not one.

    Spaces and case are forgiven: "9671 ab", "9671AB" and " 9671  AB " all give
    "9671AB"; a bare area "9671" stays "9671".
    """
    if not isinstance(text, str):
        return None
    compact = "".join(text.split()).upper()
    match = _POSTCODE_RE.match(compact)
    if match is None or match.group(2) in _UNISSUED_LETTERS:
        return None
    return compact


@cache
def _places_by_postcode() -> dict[str, Place]:
    # Read once per process: the table is small and never changes at run time.
    with POSTCODE_TABLE.open(encoding="utf-8", newline="") as handle:
        return {
            row["pc4"]: Place(
                postcode=row["pc4"],
                place=row["place"],
                municipality=row["municipality"],
                province=row["province"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(handle)
        }


def all_places() -> list[Place]:
    """Every postcode area in the table, in postcode order."""
    return sorted(_places_by_postcode().values(), key=lambda place: place.postcode)


def places_in(*, municipality: str) -> list[Place]:
    """The postcode areas of one municipality (e.g. "Oldambt"), in postcode order."""
    return [place for place in all_places() if place.municipality == municipality]


def locate(postcode: str | None) -> Place | None:
    """The postcode area of a full or four-digit postcode, or None when unknown or invalid."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    return _places_by_postcode().get(normalised[:4])


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle (haversine) distance in kilometres between two points in degrees."""
    phi_a, phi_b = math.radians(a_lat), math.radians(b_lat)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(b_lon - a_lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
