"""``guarantor demo``: the main job of the README's first command."""

from __future__ import annotations

from guarantor.cli.app import app, console


@app.command()
def demo() -> None:
    """Run the main job: summarise the bundled data (later: run every bundled scenario, compare
    them and write the HTML report)."""
    from guarantor.countries import registry

    reg = registry()
    console.print(f"guarantor: {len(reg)} countries in the registry")
