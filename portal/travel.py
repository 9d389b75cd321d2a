"""How far a person will travel for work: the steps they choose from, shared by the
portfolio editor (what a person picks) and matching (what a search compares)."""

import bisect

# The travel distances a person can choose in the portfolio editor.
REACH_BANDS: tuple[int, ...] = (
    1,
    2,
    3,
    5,
    7,
    10,
    12,
    15,
    20,
    25,
    30,
    35,
    40,
    50,
    60,
    75,
    100,
    125,
    150,
    200,
)


def reach_band(max_travel_km: int | None) -> int | None:
    """The person's travel distance rounded down to a band (None when unknown)."""
    if not max_travel_km or max_travel_km < REACH_BANDS[0]:
        return None
    return REACH_BANDS[bisect.bisect_right(REACH_BANDS, max_travel_km) - 1]
