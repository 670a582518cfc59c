"""``guarantor serve``: the web app (FastAPI + one page) on a local port."""

from __future__ import annotations

import typer

from guarantor.cli.app import app, console
from guarantor.errors import ScenarioError


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", help="Worker processes (each loads the bundled "
                                "data once at start-up)."),
) -> None:
    """Serve the web app: pick or upload a scenario, move its levers, download results."""
    import uvicorn

    if not 1 <= workers <= 64:
        raise ScenarioError("workers out of range", key="--workers", value=workers,
                            allowed="1..64")
    console.print(f"guarantor web app on http://{host}:{port}/  (API docs: /docs, schema: "
                  "/openapi.json) — Ctrl-C to stop")
    if workers == 1:
        from guarantor.web.app import create_app

        uvicorn.run(create_app(), host=host, port=port, log_level="warning")
    else:
        uvicorn.run("guarantor.web.app:create_app", factory=True, host=host, port=port,
                    workers=workers, log_level="warning")
