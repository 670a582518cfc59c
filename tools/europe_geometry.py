"""Derive the web app's Europe map (``src/guarantor/web/geo/europe.geo.json``) from Natural Earth.

Input: ``countries-50m.json`` of the npm package ``world-atlas`` 2.0.2 (Natural Earth 4.1.0
Admin 0 countries, 1:50m, public domain; TopoJSON, ISC-licensed packaging). Get it with
``npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz`` and run::

    python tools/europe_geometry.py package/countries-50m.json src/guarantor/web/geo/europe.geo.json

Each country's rings are decoded from the topology, clipped to a box around Europe, thinned to
points at least 0.08 degrees apart, rounded to 0.01 degrees, and each ring turned the way
d3-geo reads it (exterior clockwise): a small file the page draws
offline. The map only colours countries; no figure is read from the geometry.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: lon_min, lat_min, lon_max, lat_max [degrees]
BOX = (-25.0, 34.0, 45.0, 71.5)
STEP = 0.08
#: Natural Earth name -> ISO 3166-1 alpha-3, for the countries in the box.
NAMES = {
    "Albania": "ALB", "Austria": "AUT", "Belarus": "BLR", "Belgium": "BEL",
    "Bosnia and Herz.": "BIH", "Bulgaria": "BGR", "Croatia": "HRV", "Cyprus": "CYP",
    "N. Cyprus": "CYN", "Czechia": "CZE", "Denmark": "DNK", "Estonia": "EST", "Finland": "FIN",
    "France": "FRA", "Germany": "DEU", "Greece": "GRC", "Hungary": "HUN", "Iceland": "ISL",
    "Ireland": "IRL", "Italy": "ITA", "Kosovo": "XKX", "Latvia": "LVA", "Lithuania": "LTU",
    "Luxembourg": "LUX", "Macedonia": "MKD", "Malta": "MLT", "Moldova": "MDA",
    "Montenegro": "MNE", "Netherlands": "NLD", "Norway": "NOR", "Poland": "POL",
    "Portugal": "PRT", "Romania": "ROU", "Russia": "RUS", "Serbia": "SRB", "Slovakia": "SVK",
    "Slovenia": "SVN", "Spain": "ESP", "Sweden": "SWE", "Switzerland": "CHE", "Turkey": "TUR",
    "Ukraine": "UKR", "United Kingdom": "GBR", "Georgia": "GEO", "Armenia": "ARM",
    "Azerbaijan": "AZE", "Andorra": "AND", "Liechtenstein": "LIE", "San Marino": "SMR",
    "Monaco": "MCO", "Morocco": "MAR", "Algeria": "DZA", "Tunisia": "TUN", "Libya": "LBY",
    "Syria": "SYR", "Iraq": "IRQ", "Iran": "IRN", "Kazakhstan": "KAZ", "Lebanon": "LBN",
    "Israel": "ISR", "Jordan": "JOR", "Egypt": "EGY", "Faeroe Is.": "FRO", "Åland": "ALA",
    "Isle of Man": "IMN", "Jersey": "JEY", "Guernsey": "GGY", "Gibraltar": "GIB",
}


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _ring(arcs: list[list[tuple[float, float]]], idx: list[int]) -> list[tuple[float, float]]:
    pts: list[tuple[float, float]] = []
    for i in idx:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(a if not pts else a[1:])
    return pts


def _clip(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the box (a rectangle is convex, so this is exact)."""
    x0, y0, x1, y1 = BOX
    edges = ((lambda p: p[0] >= x0, 0, x0), (lambda p: p[0] <= x1, 0, x1),
             (lambda p: p[1] >= y0, 1, y0), (lambda p: p[1] <= y1, 1, y1))
    pts = ring
    for inside, axis, v in edges:
        if not pts:
            break
        res: list[tuple[float, float]] = []
        prev = pts[-1]
        for cur in pts:
            if inside(cur):
                if not inside(prev):
                    res.append(_cut(prev, cur, axis, v))
                res.append(cur)
            elif inside(prev):
                res.append(_cut(prev, cur, axis, v))
            prev = cur
        pts = res
    return pts


def _cut(a: tuple[float, float], b: tuple[float, float], axis: int, v: float
         ) -> tuple[float, float]:
    t = (v - a[axis]) / (b[axis] - a[axis])
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def _thin(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        if not out or abs(x - out[-1][0]) >= STEP or abs(y - out[-1][1]) >= STEP:
            out.append([round(x, 2), round(y, 2)])
    if len(out) >= 3 and out[0] != out[-1]:
        out.append(list(out[0]))
    return out if len(out) >= 4 else []


def _orient(ring: list[list[float]], exterior: bool) -> list[list[float]]:
    """d3-geo (Vega's projections) reads a clockwise ring (negative planar shoelace area in
    lon/lat) as an exterior; clipping can leave either way round, so set it explicitly."""
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
    return ring[::-1] if (area > 0) == exterior else ring


def main(src: str, dst: str) -> None:
    topo = json.loads(Path(src).read_text("utf-8"))
    arcs = _arcs(topo)
    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name")
        if name not in NAMES:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == \
            "Polygon" else []
        out = []
        for poly in polys:
            rings = [_thin(_clip(_ring(arcs, r))) for r in poly]
            if rings and rings[0]:
                out.append([_orient(r, i == 0) for i, r in enumerate(rings) if r])
        if out:
            feats.append({"type": "Feature", "id": NAMES[name],
                          "properties": {"iso3": NAMES[name], "name": name},
                          "geometry": {"type": "MultiPolygon", "coordinates": out}})
    doc = {"type": "FeatureCollection", "provenance": {
        "publisher": "Natural Earth", "title": "Admin 0 - Countries, 1:50m, version 4.1.0",
        "url": "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/",
        "licence": "public domain (Natural Earth terms of use)",
        "via": "npm package world-atlas 2.0.2 (countries-50m.json, ISC licence)",
        "derivation": "tools/europe_geometry.py: clipped to lon -25..45, lat 34..71.5, "
                      "thinned to 0.08 degrees, rounded to 0.01 degrees"},
        "features": feats}
    Path(dst).write_text(json.dumps(doc, separators=(",", ":")) + "\n", "utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
