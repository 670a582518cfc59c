"""Vendor the Vega, Vega-Lite and Vega-Embed bundles into ``report/static/vendor/``.

The HTML report inlines these scripts so it opens with no network; the web app serves the same
files. They are build artefacts, rebuilt by a command, never edited by hand::

    cd /tmp && npm pack vega@6.4.0 vega-lite@6.4.3 vega-embed@7.3.0
    python -m guarantor.report.vendor /tmp/vega-6.4.0.tgz /tmp/vega-lite-6.4.3.tgz \\
        /tmp/vega-embed-7.3.0.tgz

All three are BSD-3-Clause (University of Washington Interactive Data Lab), which permits
redistribution in binary form provided the copyright notice, conditions and disclaimer are
reproduced: each vendored file starts with its package's LICENSE as a ``/*! ... */`` comment,
and ``VENDOR.md`` lists versions, checksums of the tarballs and the bundled third-party modules.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tarfile
from importlib import resources
from pathlib import Path

from guarantor.atomic import write_text

#: package name -> file inside the npm tarball that is vendored
BUNDLES: dict[str, str] = {
    "vega": "package/build/vega.min.js",
    "vega-lite": "package/build/vega-lite.min.js",
    "vega-embed": "package/build/vega-embed.min.js",
}
#: order in which the scripts must be loaded
ORDER: tuple[str, ...] = ("vega", "vega-lite", "vega-embed")


def vendor_dir() -> Path:
    """Folder of the vendored scripts inside the installed package."""
    return Path(str(resources.files("guarantor") / "report" / "static" / "vendor"))


def vendored_scripts() -> list[tuple[str, str]]:
    """(name, JavaScript text) of each vendored bundle, in load order."""
    folder = vendor_dir()
    return [(n, (folder / f"{n}.min.js").read_text("utf-8")) for n in ORDER]


def _strip_source_map(js: str) -> str:
    # an inlined script must not point the browser at a .map file it cannot fetch offline
    lines = js.rstrip("\n").split("\n")
    if lines and lines[-1].startswith("//# sourceMappingURL="):
        lines = lines[:-1]
    return "\n".join(lines) + "\n"


def vendor(tarballs: list[Path]) -> list[Path]:
    """Extract the bundles from ``npm pack`` tarballs, prepend licence headers, write them."""
    out = vendor_dir()
    out.mkdir(parents=True, exist_ok=True)
    written, rows = [], []
    for tgz in tarballs:
        with tarfile.open(tgz) as tf:
            pkg = json.load(tf.extractfile("package/package.json"))  # type: ignore[arg-type]
            name = pkg["name"]
            if name not in BUNDLES:
                raise SystemExit(f"{tgz}: unexpected package {name!r}; want {', '.join(BUNDLES)}")
            if pkg.get("license") != "BSD-3-Clause":
                raise SystemExit(f"{tgz}: licence {pkg.get('license')!r} is not BSD-3-Clause")
            licence = tf.extractfile("package/LICENSE").read().decode()  # type: ignore[union-attr]
            js = tf.extractfile(BUNDLES[name]).read().decode()  # type: ignore[union-attr]
        if "</script" in js.lower():
            raise SystemExit(f"{name}: bundle contains '</script' and cannot be inlined")
        header = (f"/*! {name} {pkg['version']} ({pkg.get('homepage', '')}) — "
                  f"{pkg['license']}\n{licence.replace('*/', '* /')}*/\n")
        path = out / f"{name}.min.js"
        write_text(path, header + _strip_source_map(js))
        written.append(path)
        sha = hashlib.sha256(Path(tgz).read_bytes()).hexdigest()
        deps = ", ".join(sorted(pkg.get("dependencies", {})))
        rows.append(f"| {name} | {pkg['version']} | {pkg['license']} | `{sha[:16]}` | {deps} |")
    doc = (
        "# Vendored JavaScript\n\n"
        "Rebuilt by `python -m guarantor.report.vendor <npm pack tarballs>` (see that module). "
        "Inlined into the HTML report and served by the web app so neither needs the network.\n\n"
        "| package | version | licence | sha256 of tarball | bundled dependencies |\n"
        "|---|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        "Each file starts with its package's BSD-3-Clause licence. The bundles also contain "
        "third-party modules under permissive licences: d3 modules and `semver` (ISC), "
        "`fast-json-patch`, `json-stringify-pretty-compact` and `tslib` (MIT / 0BSD), and the "
        "Vega packages listed above (BSD-3-Clause).\n"
    )
    write_text(out / "VENDOR.md", doc)
    return written


if __name__ == "__main__":  # pragma: no cover - build step
    for p in vendor([Path(a) for a in sys.argv[1:]]):
        print(p)
