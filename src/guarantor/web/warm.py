"""Imported by the web workers' forkserver: loads the bundled data once, before any fork.

Every worker forked afterwards inherits the loaded :class:`~guarantor.web.app.WebState`, so a
worker that replaces a killed one is ready in milliseconds. A failure here is not fatal: the
forkserver must keep running, and each worker then loads the data itself
(:func:`guarantor.web.worker.state`).
"""

from __future__ import annotations

import sys

try:
    from guarantor.web.app import WebState
    from guarantor.web.worker import state

    state(WebState)
except Exception as exc:  # the forkserver must survive; workers load the data themselves
    print(f"guarantor web: data not preloaded for the workers ({exc})", file=sys.stderr)
