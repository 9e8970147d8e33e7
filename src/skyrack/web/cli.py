"""``skyrack serve``: run the web service and page with uvicorn."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..cli_common import friendly


def _limits(items: list[str]) -> object:
    from pydantic import ValidationError

    from .limits import Limits

    values: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or name.strip() not in Limits.model_fields:
            allowed = ", ".join(Limits.model_fields)
            raise typer.BadParameter(f"{item!r}: expected name=value with name one of {allowed}", param_hint="--limit")
        values[name.strip()] = value.strip()
    try:
        return Limits(**values)
    except ValidationError as error:
        first = error.errors()[0]
        raise typer.BadParameter(
            f"{first['loc'][0]}={first['input']!r}: {first['msg']}", param_hint="--limit"
        ) from None


def server_config(app: Any, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> Any:
    """The uvicorn configuration of ``skyrack serve``: no ``server`` banner, idle connections closed after 5 s.

    A request body must arrive within ``Limits.body_timeout_s`` (checked by
    :class:`skyrack.web.guard.RequestGuard`).
    """
    import uvicorn

    return uvicorn.Config(
        app, host=host, port=port, log_level=log_level, server_header=False, timeout_keep_alive=5, lifespan="on"
    )


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the main ``skyrack`` app."""

    @app.command("serve")
    @friendly
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
        limit: Annotated[
            list[str] | None,
            typer.Option("--limit", help="Change a service limit: name=value, e.g. max_sweep_points=100000."),
        ] = None,
        log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    ) -> None:
        """Serve the page (http://HOST:PORT/) and the JSON API with its docs (/docs); works offline."""
        from ..extras import MissingExtraError, require_extra

        try:
            require_extra("web", "skyrack serve")
        except MissingExtraError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2) from None
        import uvicorn

        from .app import create_app

        limits = _limits(limit or [])
        typer.echo(f"skyrack: page on http://{host}:{port}/  API docs on http://{host}:{port}/docs", err=True)
        uvicorn.Server(server_config(create_app(limits), host, port, log_level)).run()  # type: ignore[arg-type]
