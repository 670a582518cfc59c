"""Tables, Vega-Lite charts and the self-contained static HTML report.

>>> from guarantor.report import build_report  # doctest: +SKIP
>>> build_report(["aug2025", "feb2025"], "report.html")  # doctest: +SKIP
"""

from guarantor.report.html import (
    SECTIONS,
    ScenarioReport,
    build_report,
    collect,
    render_report,
    write_report,
)

__all__ = ["SECTIONS", "ScenarioReport", "build_report", "collect", "render_report",
           "write_report"]
