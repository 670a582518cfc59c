"""``guarantor serve``: the web app (FastAPI + one page) on a local port."""

from __future__ import annotations

import typer

from guarantor.cli.app import app, console


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the web app: pick or upload a scenario, move its levers, download results."""
    import uvicorn

    from guarantor.web.app import create_app

    web = create_app()
    console.print(f"guarantor web app on http://{host}:{port}/  (API docs: /docs, schema: "
                  "/openapi.json) — Ctrl-C to stop")
    uvicorn.run(web, host=host, port=port, log_level="warning")
