"""Disclosure control: small counts withheld, and no published total lets a reader work one out."""

from __future__ import annotations

import itertools
import random

import pytest

from onestockport.voice.disclosure import feasible_range, protect


def table(*counts: int, **kwargs):
    return protect([(f"c{i}", f"Cell {i}", count) for i, count in enumerate(counts)], **kwargs)


def test_counts_below_the_threshold_are_shown_as_fewer_than_5():
    result = table(3, 50, 60)
    assert result.display(result.cells[0]) == "fewer than 5"
    assert result.cells[0].count is None
    assert result.cells[0].share is None


def test_a_lone_small_cell_is_protected_by_withholding_another():
    result = table(3, 50, 60)
    assert [cell.status for cell in result.cells] == ["primary", "secondary", "shown"]
    assert result.display(result.cells[1]) == "not shown"
    assert result.total == 113
    assert feasible_range(result, "c0") == (0, 4)


def test_two_fours_are_not_left_summing_to_eight():
    result = table(4, 4, 100)
    assert result.cells[2].status == "secondary"


def test_a_tiny_total_is_withheld():
    result = table(1, 2)
    assert result.total is None
    assert result.total_display == "fewer than 5"


def test_percentages_only_for_shown_cells_of_a_published_total():
    result = table(10, 30, 60)
    assert [round(cell.share, 1) for cell in result.cells] == [10.0, 30.0, 60.0]
    withheld = table(2, 30, 60)
    assert withheld.cells[0].share is None
    assert withheld.cells[1].share is None


def test_without_a_published_total_only_primary_suppression_applies():
    result = table(3, 50, publish_total=False)
    assert [cell.status for cell in result.cells] == ["primary", "shown"]
    assert result.total is None


def _deducible(result, true_counts):
    """Brute force: every assignment of the withheld cells consistent with what is published.

    The reader knows the published cells, the total (if shown) and what each label says: "fewer than
    5" means 0-4, "not shown" means at least 5 (the reader knows the rules).
    """
    withheld = [i for i, cell in enumerate(result.cells) if not cell.shown]
    options = []
    biggest = max(true_counts) + 5
    ranges = [
        range(0, result.threshold) if result.cells[i].status == "primary" else range(result.threshold, biggest + 1)
        for i in withheld
    ]
    shown_sum = sum(cell.count for cell in result.cells if cell.shown)
    for values in itertools.product(*ranges):
        if result.total is not None and shown_sum + sum(values) != result.total:
            continue
        options.append(values)
    return {i: {values[k] for values in options} for k, i in enumerate(withheld)}


def test_no_small_count_can_be_recovered_from_any_table():
    """Thousands of random small tables, each attacked by brute force: a primary cell is never pinned down."""
    rng = random.Random(5)
    for _ in range(3000):
        counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 35]) for _ in range(rng.randint(1, 5))]
        result = protect([(str(i), str(i), c) for i, c in enumerate(counts)])
        possible = _deducible(result, counts)
        for i, cell in enumerate(result.cells):
            if cell.status == "primary":
                assert len(possible[i]) >= 3, (counts, result)
            if cell.shown:
                assert cell.count == counts[i] >= 5


@pytest.mark.parametrize("counts", [(3, 5), (3, 100), (0, 5, 7), (3, 3, 3), (3, 4), (4, 4, 4, 4, 200)])
def test_a_count_of_3_is_never_recoverable(counts):
    result = protect([(str(i), str(i), c) for i, c in enumerate(counts)])
    possible = _deducible(result, list(counts))
    for i, count in enumerate(counts):
        if count == 3:
            assert possible[i] != {3}
            assert len(possible[i]) >= 3
