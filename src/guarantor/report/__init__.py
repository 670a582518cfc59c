"""Tables, Vega-Lite charts and the self-contained static HTML report.

>>> import pathlib, tempfile
>>> from guarantor.report import build_report
>>> out = build_report(["aug2025"], pathlib.Path(tempfile.mkdtemp()) / "report.html", draws=200)
>>> "aug2025" in out.read_text(encoding="utf-8")
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
