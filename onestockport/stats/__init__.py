"""Pure statistics for the plan's measures: no Django, no database, plain numbers and polars tables.

* `periods`: parse the period styles official files use ("2019/20", "2015 - 17", "2011-01-01/P3Y").
* `intervals`: Wilson and Byar's confidence intervals, computed by PHStatsMethods.
* `benchmarking`: better, similar or worse than a comparator, the Fingertips way.
* `trends`: recent trend over the latest five periods, the Fingertips way.
* `targets`: on or off track for a dated target, the Open SDG way.
* `inequality`: gap and slope index of inequality by deprivation decile, the PHE way.
* `columnar`: the same over whole tables with polars (every LSOA in England at once).

docs/methods.md explains each method in plain English.
"""
