"""`policykg viz`: self-contained interactive HTML pages (pyvis, no network needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from policykg.cli.app import cli
from policykg.cli.names import shown
from policykg.cli.options import source_options, text_value, user_errors

if TYPE_CHECKING:
    from policykg.viz.page import View

HTML_OUTPUT = click.option("-o", "--output", required=True, metavar="FILE.html",
                           type=click.Path(dir_okay=False),  # a str: "" stays "", not "."
                           help="Write the page here (UTF-8, self-contained).")


@cli.group()
def viz() -> None:
    """Interactive HTML views of agency responsibility and policy lineage."""


@viz.command("agencies")
@click.option("--district", callback=text_value, metavar="D", help="Only agencies of this district, e.g. 永川区.")
@click.option("--agency", callback=text_value, metavar="NAME", help="Centre on this agency, with its tasks as nodes.")
@HTML_OUTPUT
@source_options
def viz_agencies(district: str | None, agency: str | None, output: str, store: Path | None,
                 endpoint: str | None) -> None:
    """Agency network: size = tasks, colour = type, edge width = tasks shared."""
    from policykg.queries.source import open_source
    from policykg.viz.data import agencies_page

    with user_errors():
        view = agencies_page(open_source(store, endpoint), district, agency)
    _write_view(view, output)


@viz.command("lineage")
@click.option("--doc", callback=text_value, metavar="DOCNUMBER", help="Only this document's lineage (文号 or title).")
@click.option("--clauses", is_flag=True, help="Draw section → upstream clause links.")
@HTML_OUTPUT
@source_options
def viz_lineage(doc: str | None, clauses: bool, output: str, store: Path | None,
                endpoint: str | None) -> None:
    """Layered lineage: national, provincial, municipal, district documents, sections and tasks."""
    from policykg.queries.source import open_source
    from policykg.viz.data import lineage_page

    with user_errors():
        view = lineage_page(open_source(store, endpoint), doc, clauses)
    _write_view(view, output)


def _write_view(view: View, output: str) -> None:
    """Save the page and say on stderr what was written."""
    with user_errors():
        output = view.save(output)
    click.echo(f"wrote {shown(str(output))} ({view.node_count} nodes, {view.edge_count} edges)",
               err=True)
