"""Fair-share apportionment and minimal coalitions, as mixed-integer programs solved by HiGHS.

``guarantor`` shares a scenario's requirements (troops; each air-shield capability class;
military aid in EUR), net of what the US covers, among the participants so that every
requirement is met while each country's share stays as close as possible to its fair share
(GDP by default), within what it can field or pay; and finds the smallest or cheapest
coalitions that could carry the mission at all.

Examples
--------
>>> from guarantor.apportion import apportion
>>> a = apportion("aug2025")
>>> "troops" in a.problem.requirements
True
"""

from guarantor.apportion.coalition import Coalition, CoalitionSearch, coalitions, find_coalitions
from guarantor.apportion.problem import (
    BASES,
    DEFAULT_TROOP_UNIT,
    PLEDGE_MODES,
    ApportionOptions,
    ApportionProblem,
    build_problem,
    fair_shares,
)
from guarantor.apportion.result import (
    Apportionment,
    MilpFairShare,
    apportion,
    fair_share_allocations,
)
from guarantor.apportion.solve import Solution, deviation, solve

__all__ = [
    "BASES", "DEFAULT_TROOP_UNIT", "PLEDGE_MODES", "ApportionOptions", "ApportionProblem",
    "Apportionment", "Coalition", "CoalitionSearch", "MilpFairShare", "Solution", "apportion",
    "build_problem",
    "coalitions", "deviation", "fair_share_allocations", "fair_shares", "find_coalitions", "solve",
]
