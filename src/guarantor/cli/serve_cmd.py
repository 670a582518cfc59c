"""``guarantor serve``: the web app (FastAPI + one page) on a local port."""

import os

import typer

from guarantor.cli.commands import app, console
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

    from guarantor.web.limits import Limits, uvicorn_options

    if not 1 <= workers <= 64:
        raise ScenarioError("workers out of range", key="--workers", value=workers,
                            allowed="1..64")
    # header/keep-alive/size bounds of guarantor.web.limits; with several server processes
    # each gets its share of the cores for its compute workers
    limits = Limits.from_env()
    options = uvicorn_options(limits)
    if workers > 1 and "GUARANTOR_WEB_WORKERS" not in os.environ:
        os.environ["GUARANTOR_WEB_WORKERS"] = str(max(1, limits.workers // workers))
    console.print(f"guarantor web app on http://{host}:{port}/  (API docs: /docs, schema: "
                  "/openapi.json) — Ctrl-C to stop")
    if workers == 1:
        from guarantor.web.app import create_app

        uvicorn.run(create_app(limits=limits), host=host, port=port, log_level="warning",
                    **options)
    else:
        uvicorn.run("guarantor.web.app:create_app", factory=True, host=host, port=port,
                    workers=workers, log_level="warning", **options)
