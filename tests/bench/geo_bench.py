"""Postcode areas: how many PC4s resolve, how far the generated centroids are off, lookup speed.

The error is the one `portal/data/build_postcode_areas.py` measured when it generated the
table: for each of the 134 hand-placed areas, the distance between the centroid the
method gives and the hand-placed one (`postcode_areas.json`).
"""

from __future__ import annotations

import statistics
import time


def run(report: dict) -> None:
    from portal import geo

    places = geo.all_places()
    metadata = geo.postcode_area_metadata()
    assert metadata["areas"] == len(places), "postcode_areas.json does not match the table"
    error = metadata["error_against_hand_placed_km"]
    report["geo_pc4_areas"] = len(places)
    report["geo_pc4_areas_by_source"] = metadata["by_source"]
    report["geo_error_vs_hand_placed_median_km"] = error["median"]
    report["geo_error_vs_hand_placed_p90_km"] = error["p90"]
    report["geo_error_vs_hand_placed_worst_km"] = error["worst"]
    timings = []
    for place in places:
        started = time.perf_counter()
        geo.locate(f"{place.postcode} AB")
        timings.append((time.perf_counter() - started) * 1_000_000)
    report["geo_locate_median_us"] = round(statistics.median(timings), 2)
