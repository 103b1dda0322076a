"""SPARQL for analysts: the named queries, ad-hoc queries and the read-only endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from policykg.cli.app import cli
from policykg.cli.options import (
    format_option,
    page_options,
    report_command,
    store_option,
    text_value,
    user_errors,
)


@cli.command()
@format_option
def queries(fmt: str, bom: bool) -> None:
    """The named SPARQL queries (queries/*.rq) with their summaries and parameters."""
    from policykg.queries.output import emit
    from policykg.queries.reports import queries_report

    with user_errors():
        emit(queries_report(), fmt, bom=bom)


@cli.command()
@click.argument("query", callback=text_value, required=False)
@click.option("--name", callback=text_value, metavar="NAME", help="Run the named query NAME (see `policykg queries`).")
@click.option("--param", "params", callback=text_value, multiple=True, metavar="K=V",
              help="Bind parameter K to V (repeatable); bound, never pasted into the query.")
@page_options
@report_command
def sparql(source, query: str | None, name: str | None, params: tuple[str, ...],
           limit: int | None, offset: int, stream: bool = False):
    """Run a SPARQL SELECT given as QUERY text, a .rq FILE, or --name NAME."""
    from policykg.queries.reports import parse_params, sparql_report

    return sparql_report(source, query, name, parse_params(params), limit, offset, stream)


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, callback=text_value,
              help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(min=1), default=30, show_default=True,
              help="Seconds a query may take, sending its answer included.")
@click.option("--max-bytes", type=click.IntRange(min=1024), default=64 << 20, show_default=True,
              help="Largest answer in bytes; a larger one is refused (413).")
@click.option("--parallel", type=click.IntRange(min=1), default=8, show_default=True,
              help="Queries run at once; more wait their turn.")
@click.option("--max-memory", type=click.IntRange(min=64), default=2048, show_default=True,
              metavar="MB", help="Memory the query engine may hold; a query needing more gets "
              "an error (507) and the engine restarts.")
def serve(store: Path | None, host: str, port: int, timeout: int, max_bytes: int,
          parallel: int, max_memory: int) -> None:
    """Serve the graph read-only over the SPARQL 1.1 Protocol at /query (SERVICE refused)."""
    from policykg.queries.serve import LOOPBACK, Limits
    from policykg.queries.serve import serve as run_server

    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}, reachable from other machines", err=True)
    click.echo(f"SPARQL endpoint http://{host}:{port}/query (read-only, newest build); "
               "Ctrl-C stops", err=True)
    with user_errors():
        from policykg.graph.location import default_store_dir

        limits = Limits(timeout, max_bytes, parallel, max_memory << 20)
        try:
            run_server(store or default_store_dir(), host, port, limits)
        except OSError as error:
            raise LookupError(f"cannot listen on {host}:{port}: {error.strerror}") from None
