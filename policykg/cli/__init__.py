"""policykg command line: a thin click layer over loaders/, graph/, queries/.

Each command parses its options, calls one library function and prints its result: data to
stdout, messages to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="policykg")
def cli() -> None:
    """Trace Chinese government policy into tasks and the agencies that own them."""


# --- loaders -----------------------------------------------------------------------------------


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option(
    "--no-listing-order",
    is_flag=True,
    help="Do not take the first unit of an unmarked list as lead (all become joint).",
)
def extract(files: tuple[Path, ...], fmt: str, no_listing_order: bool) -> None:
    """Print the records read from FILES (documents, sections, tasks, agencies) as JSON."""
    from policykg.loaders import extract_paths
    from policykg.loaders.records import to_json

    failed = False
    results = []
    for result in extract_paths(files, listing_order=not no_listing_order):
        for error in result.errors:
            click.echo(f"error: {error}", err=True)
        failed = failed or bool(result.errors)
        results.append(to_json(result))
    json.dump(results if len(results) != 1 else results[0], sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    if failed:
        sys.exit(1)


# --- reports -----------------------------------------------------------------------------------
# Graph-reading reports over the embedded store (--store) or any SPARQL endpoint (--endpoint).
# Each calls one function of queries/; report_command adds --store, --endpoint and --format.

from policykg.cli.options import format_option, report_command, user_errors  # noqa: E402 (click only)

ROLE_CHOICE = click.Choice(["lead", "co", "joint", "co_handler"])


@cli.command()
@click.option("--agency", required=True, metavar="NAME",
              help="Short form, full form or alias: 区生态环境局, 重庆市永川区生态环境局.")
@click.option("--district", metavar="D", help="Only the agency of this district, e.g. 永川区.")
@click.option("--role", type=ROLE_CHOICE, help="Only tasks where the agency has this role.")
@report_command
def tasks(source, agency: str, district: str | None, role: str | None):
    """Every task an agency is responsible for, by district, with totals by role."""
    from policykg.queries.reports import tasks_report

    return tasks_report(source, agency, district, role)


@cli.command()
@click.option("--district", metavar="D", help="Only agencies of this district.")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Only the N busiest.")
@report_command
def agencies(source, district: str | None, top: int | None):
    """Agency workload ranking: tasks by role, documents, degree and betweenness centrality."""
    from policykg.queries.reports import agencies_report

    return agencies_report(source, district, top)


@cli.command()
@report_command
def documents(source):
    """Documents with 文号, type, date, issuer, district, level, task count and status."""
    from policykg.queries.reports import documents_report

    return documents_report(source)


@cli.command()
@click.argument("docnumber")
@report_command
def lineage(source, docnumber: str):
    """The implements chain of DOCNUMBER up to national policy and down to the tasks."""
    from policykg.queries.lineage import lineage_report

    return lineage_report(source, docnumber)


@cli.command()
@click.option("--indicator", metavar="TEXT", help="Only indicators whose name contains TEXT.")
@report_command
def targets(source, indicator: str | None):
    """Quantitative targets by indicator across districts (task targets and indicator tables)."""
    from policykg.queries.reports import targets_report

    return targets_report(source, indicator)


@cli.command()
@click.option("--district", metavar="D", help="Only tasks of documents of this district.")
@report_command
def unassigned(source, district: str | None):
    """Tasks with no responsible agency, with the collective phrases they name instead."""
    from policykg.queries.reports import unassigned_report

    return unassigned_report(source, district)


# --- compare -----------------------------------------------------------------------------------
# Districts side by side: targets for the same indicator, agencies in charge of the same kind of
# task. The matching of indicator names is in queries/compare_match.py.


@cli.command()
@click.option("--indicator", "indicators", multiple=True, metavar="TEXT",
              help="Indicator to compare (repeatable): 森林覆盖率, 绿色建筑占比; names are matched "
                   "across documents (scope words dropped, words compared).")
@click.option("--task-text", "texts", multiple=True, metavar="TEXT",
              help="Compare the agencies in charge of tasks whose text contains TEXT (repeatable).")
@click.option("--district", "districts", multiple=True, metavar="D",
              help="Compare these districts (repeatable); default: every district with targets "
                   "(--indicator) or tasks (--task-text).")
@click.option("--role", type=ROLE_CHOICE, default="lead", show_default=True,
              help="With --task-text: the role of the agencies shown.")
@report_command
def compare(source, indicators: tuple[str, ...], texts: tuple[str, ...],
            districts: tuple[str, ...], role: str):
    """Districts side by side: targets per indicator, or agencies in charge of similar tasks."""
    from policykg.queries.compare import compare_report

    return compare_report(source, indicators, texts, districts, role)


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
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Graph store directory (default: where `policykg build` writes).")
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


# --- graph -------------------------------------------------------------------------------------
# Build, validate and export the store; the work is in graph/ (store, console, validate, export).

STORE_OPTION = click.option(
    "--store", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
    help="Graph store directory (default: $POLICYKG_STORE, else ./.policykg/store).",
)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@STORE_OPTION
def build(paths: tuple[Path, ...], store: Path | None) -> None:
    """Load PATHS (files and folders) into the store: one named graph per file."""
    from policykg.cli.console import build_with_progress, error_lines, stdout_console, summary_table
    from policykg.graph.store import StoreBusyError

    try:
        reports = build_with_progress(paths, store)
    except StoreBusyError as error:
        raise click.ClickException(str(error)) from None
    stdout_console().print(summary_table(reports))
    for line in error_lines(reports):
        click.echo(line, err=True)
    if not all(r.ok for r in reports):
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
              default="ttl", show_default=True, help="nq and trig keep the named graphs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write to FILE (atomically) instead of stdout.")
@STORE_OPTION
def export(fmt: str, output: Path | None, store: Path | None) -> None:
    """Print the whole graph, sorted: the same content gives the same bytes."""
    from policykg.graph.export import export_store, write_atomically
    from policykg.graph.store import StoreNotFoundError

    try:
        data = export_store(fmt, store)
    except StoreNotFoundError as error:
        raise click.ClickException(str(error)) from None
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        click.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


@cli.command()
@STORE_OPTION
def validate(store: Path | None) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations."""
    from policykg.graph.store import StoreNotFoundError
    from policykg.graph.validate import validate_store

    try:
        violations = validate_store(store)
    except StoreNotFoundError as error:
        raise click.ClickException(str(error)) from None
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation(s)" if violations else "conforms", err=True)
    if violations:
        sys.exit(1)


# --- viz ---------------------------------------------------------------------------------------
# Self-contained interactive HTML pages (pyvis, no network needed); the work is in graph/viz_*.py.

from typing import TYPE_CHECKING  # noqa: E402

from policykg.cli.options import source_options  # noqa: E402 (click only)

if TYPE_CHECKING:
    from policykg.viz.page import View

HTML_OUTPUT = click.option("-o", "--output", required=True, metavar="FILE.html",
                           type=click.Path(dir_okay=False, path_type=Path),
                           help="Write the page here (UTF-8, self-contained).")


@cli.group()
def viz() -> None:
    """Interactive HTML views of agency responsibility and policy lineage."""


@viz.command("agencies")
@click.option("--district", metavar="D", help="Only agencies of this district, e.g. 永川区.")
@click.option("--agency", metavar="NAME", help="Centre on this agency, with its tasks as nodes.")
@HTML_OUTPUT
@source_options
def viz_agencies(district: str | None, agency: str | None, output: Path, store: Path | None,
                 endpoint: str | None) -> None:
    """Agency network: size = tasks, colour = type, edge width = tasks shared."""
    from policykg.queries.source import open_source
    from policykg.viz.data import agencies_page

    with user_errors():
        view = agencies_page(open_source(store, endpoint), district, agency)
    _write_view(view, output)


@viz.command("lineage")
@click.option("--doc", metavar="DOCNUMBER", help="Only this document's lineage (文号 or title).")
@HTML_OUTPUT
@source_options
def viz_lineage(doc: str | None, output: Path, store: Path | None, endpoint: str | None) -> None:
    """Layered lineage: national, municipal, district documents, sections and tasks."""
    from policykg.queries.source import open_source
    from policykg.viz.data import lineage_page

    with user_errors():
        view = lineage_page(open_source(store, endpoint), doc)
    _write_view(view, output)


def _write_view(view: View, output: Path) -> None:
    """Save the page and say on stderr what was written."""
    view.save(output)
    click.echo(f"wrote {output} ({view.node_count} nodes, {view.edge_count} edges)", err=True)


def main() -> None:
    """Console-script entry point."""
    cli()


if __name__ == "__main__":
    main()
