"""Pure statistics for the plan's measures: no Django, no database, plain numbers and polars tables.

* `periods`: parse the period styles official files use ("2019/20", "2015 - 17", "2011-01-01/P3Y").
* `intervals`: Wilson and Byar's confidence intervals, computed by PHStatsMethods.
* `benchmarking`: better, similar or worse than a comparator, the Fingertips way.
* `trends`: recent trend over the latest five periods, the Fingertips way.
* `targets`: on or off track for a dated target, the Open SDG way.
* `inequality`: gap and slope index of inequality by deprivation decile, the PHE way.
* `units`: what kind of figure a unit describes; the publisher's precision; figures written with units.
* `materiality`: when a difference is big enough to matter, where no interval can say.
* `comparisons`: compare with a comparator by the strongest basis the data supports, and say which.
* `change`: which way a measure is going (significance test or size of change), matching its chart.
* `status`: one status per indicator: target first, else direction and polarity.
* `columnar`: the same over whole tables with polars (every LSOA in England at once).

docs/methods.md explains each method in plain English.
"""
