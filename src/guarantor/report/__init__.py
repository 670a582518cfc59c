"""Tables, Vega-Lite charts and the self-contained static HTML report.

Examples
--------
>>> import tempfile, pathlib
>>> from guarantor.report import build_report
>>> out = pathlib.Path(tempfile.mkdtemp()) / "report.html"
>>> build_report(["may2025"], out, draws=0).name
'report.html'
>>> "Red line crossed" in out.read_text(encoding="utf-8")
True
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
