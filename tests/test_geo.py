"""The shipped postcode table and the functions that read it."""

import csv

import pytest

from portal import geo

OOST_GRONINGEN = {
    "Oldambt",
    "Pekela",
    "Stadskanaal",
    "Veendam",
    "Westerwolde",
    "Midden-Groningen",
    "Eemsdelta",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9671 AB", "9671AB"),
        ("9671ab", "9671AB"),
        ("  9671   ab ", "9671AB"),
        ("9671", "9671"),
        ("2011 EK", "2011EK"),
    ],
)
def test_normalise_postcode_accepts_dutch_postcodes(text, expected):
    assert geo.normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "0671 AB",  # PC4s start at 1000
        "967 AB",
        "96711",
        "9671 A",
        "9671 ABC",
        "9671 SS",  # letter pairs PostNL never issues
        "9671 SA",
        "9671-AB",
        "AB 9671",
        "9671 Ä B",
        None,
        9671,
    ],
)
def test_normalise_postcode_refuses_what_is_not_a_postcode(text):
    assert geo.normalise_postcode(text) is None


def test_locate_finds_the_area_of_a_full_or_short_postcode():
    place = geo.locate("9671 ab")
    assert place is not None
    assert (place.postcode, place.place, place.municipality, place.province) == (
        "9671",
        "Winschoten",
        "Oldambt",
        "Groningen",
    )
    assert geo.locate("9671") == place
    assert geo.locate("5211JX").place == "'s-Hertogenbosch"


@pytest.mark.parametrize("text", ["1000", "1000 AA", "9671 SS", "niet", "", None])
def test_locate_returns_none_for_unknown_or_invalid_postcodes(text):
    assert geo.locate(text) is None


def test_every_postcode_area_of_the_country_resolves():
    places = geo.all_places()
    assert len(places) >= 4000
    assert {place.province for place in places} == {
        "Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg",
        "Noord-Brabant", "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland",
    }  # fmt: skip
    for place in places:
        assert geo.locate(place.postcode) == place
        assert geo.locate(f"{place.postcode} XY") == place
        assert place.place and place.municipality and place.province, place


def test_a_jobseeker_in_utrecht_or_maastricht_is_on_the_map():
    assert geo.locate("3582 AB").place == "Utrecht"
    assert geo.locate("6211").place == "Maastricht"
    assert geo.locate("6211").province == "Limburg"


def test_the_hand_placed_areas_are_kept_as_they_were():
    with (geo.POSTCODE_TABLE.parent / "postcode_areas_hand.csv").open(encoding="utf-8") as handle:
        hand = list(csv.DictReader(handle))
    assert len(hand) == 134
    for row in hand:
        place = geo.locate(row["pc4"])
        assert (place.place, place.municipality, place.province) == (
            row["place"],
            row["municipality"],
            row["province"],
        )
        assert (place.latitude, place.longitude) == (
            float(row["latitude"]),
            float(row["longitude"]),
        )


def test_the_table_says_where_it_comes_from_and_how_far_off_it_is():
    metadata = geo.postcode_area_metadata()
    assert metadata["areas"] == len(geo.all_places())
    error = metadata["error_against_hand_placed_km"]
    assert error["areas"] == 134
    assert error["median"] < 2 and error["worst"] < 15
    assert "GeoNames" in geo.ATTRIBUTION and "ODbL" in geo.ATTRIBUTION


def test_a_postcode_that_does_not_exist_gets_a_clear_message():
    assert geo.locate("1000 AA") is None
    assert geo.unknown_postcode_message("1000AA") == (
        "Postcode 1000 does not exist. Check the 4 numbers."
    )


def test_table_covers_all_of_oost_groningen_and_the_demo_cities():
    places = geo.all_places()
    assert len(places) >= 120
    assert {p.municipality for p in places} >= OOST_GRONINGEN
    for municipality in OOST_GRONINGEN:
        assert geo.places_in(municipality=municipality), municipality
    names = {p.place for p in places}
    assert {
        "Winschoten",
        "Scheemda",
        "Finsterwolde",
        "Oude Pekela",
        "Nieuwe Pekela",
        "Ter Apel",
        "Vlagtwedde",
        "Bellingwolde",
        "Hoogezand",
        "Slochteren",
        "Appingedam",
        "Delfzijl",
        "Groningen",
        "Assen",
        "Emmen",
        "'s-Hertogenbosch",
        "Haarlem",
        "Amsterdam",
        "Rotterdam",
        "Utrecht",
        "Den Haag",
        "Eindhoven",
        "Zwolle",
    } <= names
    assert len([p for p in places if p.place == "Groningen"]) >= 3
    assert len([p for p in places if p.municipality == "'s-Hertogenbosch"]) >= 3
    assert len([p for p in places if p.place == "Haarlem"]) >= 3


def test_table_rows_are_well_formed_and_inside_the_netherlands():
    with geo.POSTCODE_TABLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len({row["pc4"] for row in rows}) == len(rows), "a PC4 appears twice"
    for place in geo.all_places():
        assert geo.normalise_postcode(place.postcode) == place.postcode
        # Bounding box of the European Netherlands.
        assert 50.7 < place.latitude < 53.6, place
        assert 3.3 < place.longitude < 7.3, place


def test_every_postcode_area_lies_near_the_others_of_its_place():
    # Catches a swapped latitude/longitude or a typo in one coordinate. Towns of one name
    # in two provinces or regions (Laren NH and Laren Gld) are two places.
    by_place: dict[tuple[str, str, str], list[geo.Place]] = {}
    for place in geo.all_places():
        key = (place.place, place.province, place.postcode[:2])
        by_place.setdefault(key, []).append(place)
    for areas in by_place.values():
        first = areas[0]
        for other in areas[1:]:
            assert (
                geo.distance_km(first.latitude, first.longitude, other.latitude, other.longitude)
                < 10
            ), (first, other)


def test_distance_km_is_zero_for_the_same_point_and_symmetric():
    assert geo.distance_km(53.144, 7.035, 53.144, 7.035) == 0
    there = geo.distance_km(53.144, 7.035, 52.381, 4.637)
    back = geo.distance_km(52.381, 4.637, 53.144, 7.035)
    assert there == pytest.approx(back)


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        # Straight-line distances between town centres, as any map measures them.
        ("9711", "9671", 32),  # Groningen - Winschoten
        ("1012", "3011", 57),  # Amsterdam - Rotterdam
        ("9711", "5211", 208),  # Groningen - 's-Hertogenbosch
        ("9501", "9561", 14),  # Stadskanaal - Ter Apel
    ],
)
def test_distance_km_between_known_places(a, b, expected_km):
    pa, pb = geo.locate(a), geo.locate(b)
    distance = geo.distance_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)
    assert distance == pytest.approx(expected_km, rel=0.1)


def test_distance_km_of_one_degree_of_latitude():
    assert geo.distance_km(52.0, 5.0, 53.0, 5.0) == pytest.approx(111.2, abs=0.1)


def test_the_table_is_read_once_per_process():
    geo.all_places()
    before = geo._places_by_postcode.cache_info().hits
    geo.locate("9671")
    geo.locate("9501")
    assert geo._places_by_postcode.cache_info().misses == 1
    assert geo._places_by_postcode.cache_info().hits >= before + 2
