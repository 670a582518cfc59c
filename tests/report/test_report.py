"""The static HTML report: self-contained, every section, every source, written atomically."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from guarantor.report import SECTIONS, build_report
from guarantor.report.html import atomic_write_text

from .conftest import BUNDLED


def test_every_section_for_every_scenario(report_html: str) -> None:
    for section in SECTIONS:
        assert f'data-section="{section}"' in report_html, section
    for name in BUNDLED:
        assert f'data-scenario="{name}"' in report_html
    # per-scenario sections: one of each per scenario
    for section in ("missions", "burden", "spending", "redlines", "montecarlo"):
        assert report_html.count(f'data-section="{section}"') == len(BUNDLED), section


def test_self_contained(report_html: str) -> None:
    # no external script, stylesheet, image or font: everything is inlined
    assert not re.search(r"<script[^>]+src=", report_html)
    assert not re.search(r"<link[^>]+href=", report_html)
    assert not re.search(r"<img[^>]+src=\"?https?:", report_html)
    assert "@import" not in report_html
    # the three vendored bundles with their BSD-3-Clause licence headers
    for pkg in ("vega", "vega-lite", "vega-embed"):
        assert re.search(rf"/\*! {pkg} \d+\.\d+\.\d+ .*BSD-3-Clause", report_html), pkg
    assert report_html.count("University of Washington Interactive Data Lab") >= 3
    assert "sourceMappingURL" not in report_html


def test_chart_specs_are_inline_and_valid_vega_lite(report_html: str) -> None:
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    m = re.search(r'<script type="application/json" id="guarantor-specs">(.*?)</script>',
                  report_html, re.S)
    assert m
    specs = json.loads(m.group(1))
    assert len(specs) >= 4 * 4
    schema = load_schema()
    for cid, spec in specs.items():
        validate_jsonschema(spec, schema)
        title = spec.get("title", {})
        assert "Source:" in " ".join(title.get("subtitle", [])), cid
        for name, rows in spec.get("datasets", {}).items():
            assert isinstance(rows, list), (cid, name)
        assert "url" not in json.dumps(spec.get("data", {})), cid  # data inline, never fetched


def test_sources_list_every_dataset_parameter_and_report(report_html: str) -> None:
    from guarantor.data.dataset import SERIES, load_dataset
    from guarantor.data.params import load_parameters

    sources = report_html[report_html.index('id="sources"'):]
    for series in SERIES:
        assert f"<td><code>{series}</code></td>" in sources, series
    for name in load_parameters().names():
        assert f"<td><code>{name}</code></td>" in sources, name
    for sid, vintage in load_dataset().vintages.items():
        assert sid in sources and vintage in sources
    for report_id in ("report_003",):  # the August 2025 reporting behind aug2025
        assert report_id in sources


def test_redlines_carry_quotes(report_html: str) -> None:
    from guarantor.report.tables import redlines_frame

    assert "red-line check" not in report_html  # the check ran: no "not run / not available"
    assert report_html.count("<blockquote>") > 4
    assert "Red line crossed" in report_html
    assert redlines_frame is not None


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    import guarantor.report.html as H

    target = tmp_path / "r.html"
    atomic_write_text(target, "old")

    def boom(*a, **k):
        raise RuntimeError("render failed")

    monkeypatch.setattr(H, "render_report", boom)
    with pytest.raises(RuntimeError):
        H.write_report([object()], target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_unwritable_destination_is_a_guarantor_error(tmp_path: Path) -> None:
    from guarantor.errors import GuarantorError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GuarantorError, match="cannot write the report"):
        build_report(["feb2025"], blocker / "sub" / "r.html")


def test_cli_report_and_bad_input(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from guarantor.cli import app

    out = tmp_path / "one.html"
    r = CliRunner().invoke(app, ["report", "aug2025", "--set", "us_posture=none", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "report written to" in r.output and out.exists()
    assert "us_posture" in out.read_text()
    bad = CliRunner().invoke(app, ["report", "no_such_scenario", "-o", str(tmp_path / "x.html")])
    assert bad.exit_code != 0
    assert not (tmp_path / "x.html").exists()


def test_report_shows_who_sends_troops_and_on_what_evidence(tmp_path):
    """The stated / assumed / overridden split, the entry behind each contributor with its
    quote and link, and the replay of the debate as a chart."""
    import json
    import re

    from guarantor.engine import evaluate
    from guarantor.report import build_report
    from guarantor.scenario import load_scenario

    out = build_report(["aug2025"], tmp_path / "r.html", draws=0)
    html_text = out.read_text(encoding="utf-8")
    split = evaluate(load_scenario("aug2025")).troops_by_basis()
    section = html_text.split('data-section="evidence"', 1)[1].split("<h3", 1)[0]
    for basis, troops in split.items():
        assert f"{troops:,.0f} {basis}" in section
    assert "gbr_2025_08_15_land" in section and "https://" in section
    specs = json.loads(re.search(r'id="guarantor-specs">(.*?)</script>', html_text, re.S)
                       .group(1))
    cid = re.search(r'id="(chart-\d+)" data-chart="timeline"', html_text).group(1)
    assert len(specs[cid]["data"]["values"]) >= 3 * 10  # three parts x month ends since Feb 2025
    # the replay is monthly (one engine call a month), and the caption says so
    caption = re.search(r'data-caption="timeline">(.*?)</p>', section, re.S).group(1)
    assert "monthly replay" in caption
    assert "month by month" in specs[cid]["title"]["text"]


def test_the_report_timeline_is_the_monthly_replay() -> None:
    """The report's timeline is ``replay(monthly=True)`` (as the web app's), not the daily
    replay thinned to month ends: one date per month, each the month's last statement date."""
    from guarantor.politics.timeline import replay
    from guarantor.report import tables as T
    from guarantor.scenario import load_scenario

    sc = load_scenario("aug2025")
    frame = T.timeline_frame(sc)
    monthly = replay(sc, monthly=True)
    assert sorted(frame["date"].unique()) == sorted(monthly["date"])
    months = [d[:7] for d in monthly["date"]]
    assert len(months) == len(set(months)) >= 6
    assert set(frame["part"]) == {"stated", "assumed", "shortfall"}
    by = frame.pivot(index="date", columns="part", values="troops")
    assert by["stated"].tolist() == monthly["troops_stated"].tolist()


def test_the_pooled_fleets_table_is_in_the_report_with_its_lever(report_html: str) -> None:
    """As in `guarantor run`: the E-3A pool (NATO decision) offers 14 aircraft x availability
    0.5 = 7, every member's hour share assumed (aug2025), the lever named."""
    import re

    section = report_html.split('data-scenario="aug2025"', 1)[1]
    pools = section.split('data-table="pools"', 1)[1].split("</table>", 1)[0]
    assert "<code>air.pool.assumed_member_share</code>" in pools
    row = re.search(r"<tr><td><code>nato_awacs</code></td>(.*?)</tr>", pools).group(1)
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
    # class, offered by, aircraft, availability, available, taking part, stated, assumed,
    # overridden, will not, offered, used
    assert cells[2:12] == ["14", "0.500", "7", "1.00", "0.00", "1.00", "0.00", "0.00", "7.00",
                           "4.00"]
    assert cells[1].startswith("NATO decision")
    # a scenario with no air shield has no pool table
    assert 'data-table="pools"' not in report_html.split('data-scenario="feb2025"', 1)[1] \
        .split("data-scenario=", 1)[0]
