"""``guarantor data ...``: inspect bundled sources, show a country, rebuild the snapshot."""

from __future__ import annotations

import typer

from guarantor.cli.app import app, console

data_app = typer.Typer(help="Inspect the bundled data and rebuild it from official files.")
app.add_typer(data_app, name="data")


@data_app.command("countries")
def countries() -> None:
    """List the country registry with memberships."""
    from rich.table import Table

    from guarantor.countries import registry

    t = Table("iso3", "name", "NATO since", "EU since", "G7", "coalition", "role")
    for c in registry().countries:
        t.add_row(
            c.iso3,
            c.name,
            str(c.nato_since or ""),
            str(c.eu_since or ""),
            "yes" if c.g7 else "",
            str(c.coalition.since) if c.coalition else "",
            c.role or "",
        )
    console.print(t)
