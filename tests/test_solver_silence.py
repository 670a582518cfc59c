"""A solve prints nothing: HiGHS output never reaches standard output (even its banner)."""

from __future__ import annotations

import subprocess
import sys

SOLVE = """
import numpy as np
from guarantor.apportion.milp import Model, run, set_objective
m = Model()
x = m.add_cols(np.zeros(3), np.full(3, 10.0), integer=True)
m.add_row(x, np.ones(3), lo=7.0)
h = m.highs(time_limit=5.0)
set_objective(h, np.array([1.0, 2.0, 3.0]))
sol = run(h, np.ones(3, bool))
import sys
sys.stderr.write(repr(sol.x.tolist()))
"""


def test_a_solve_in_a_fresh_process_prints_nothing():
    proc = subprocess.run([sys.executable, "-c", SOLVE], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip() == "[7.0, 0.0, 0.0]"  # the solve itself happened
