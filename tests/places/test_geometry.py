"""Plane geometry helpers on synthetic shapes."""

from __future__ import annotations

import pytest

from onestockport.places import geometry

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]],
}
# A "C" open to the east: its centroid falls in the gap.
C_SHAPE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]],
}


def test_centroid_of_a_square_is_its_middle():
    assert geometry.centroid(SQUARE) == pytest.approx((1, 1))


def test_containment_treats_holes_as_outside():
    assert geometry.contains(WITH_HOLE, (0.5, 0.5))
    assert not geometry.contains(WITH_HOLE, (2, 2))
    assert not geometry.contains(WITH_HOLE, (5, 5))


def test_representative_point_is_inside_even_when_the_centroid_is_not():
    assert not geometry.contains(C_SHAPE, geometry.centroid(C_SHAPE))
    assert geometry.contains(C_SHAPE, geometry.representative_point(C_SHAPE))


def test_locator_finds_the_containing_area_or_the_nearest():
    right = {"type": "Polygon", "coordinates": [[[3, 0], [5, 0], [5, 2], [3, 2], [3, 0]]]}
    locator = geometry.Locator({"left": SQUARE, "right": right})

    assert locator.find((1, 1)) == ("left", True)
    assert locator.find((4, 1)) == ("right", True)
    assert locator.find((2.9, 1)) == ("right", False)


@pytest.mark.parametrize(
    ("geometry_value", "problem"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "not Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 1]]]}, "not closed"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], ["a", 0], [0, 0]]]}, "numbers"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [500, 0], [1, 1], [0, 0]]]}, "out of range"),
    ],
)
def test_geometry_problems_are_described(geometry_value, problem):
    assert problem in geometry.geometry_problem(geometry_value)


def test_a_usable_geometry_has_no_problem():
    assert geometry.geometry_problem(WITH_HOLE) is None
