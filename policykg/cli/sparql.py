"""SPARQL for analysts: the named queries, ad-hoc queries and the read-only endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg.cli.app import cli
from policykg.cli.options import format_option, report_command, store_option, user_errors


@cli.command()
@format_option
def queries(fmt: str) -> None:
    """The named SPARQL queries (queries/*.rq) with their summaries and parameters."""
    from policykg.queries.output import emit
    from policykg.queries.reports import queries_report

    emit(queries_report(), fmt)


@cli.command()
@click.argument("query", required=False)
@click.option("--name", metavar="NAME", help="Run the named query NAME (see `policykg queries`).")
@click.option("--param", "params", multiple=True, metavar="K=V",
              help="Bind parameter K to V (repeatable); bound, never pasted into the query.")
@report_command
def sparql(source, query: str | None, name: str | None, params: tuple[str, ...]):
    """Run a SPARQL SELECT given as QUERY text, a .rq FILE, or --name NAME."""
    from policykg.queries.reports import parse_params, sparql_report

    return sparql_report(source, query, name, parse_params(params))


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(min=1), default=30, show_default=True,
              help="Query timeout in seconds.")
def serve(store: Path | None, host: str, port: int, timeout: int) -> None:
    """Serve the graph read-only over the SPARQL 1.1 Protocol (Oxigraph server) at /query."""
    import os

    from policykg.queries.serve import LOOPBACK, server_command, store_location

    with user_errors():
        from policykg.graph.store import default_store_dir

        location = store_location(store or default_store_dir())
        command = server_command(location, host, port, timeout)
    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}, reachable from other machines", err=True)
    click.echo(f"SPARQL endpoint http://{host}:{port}/query (read-only); Ctrl-C stops", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)  # the server takes over this process: signals reach it directly
