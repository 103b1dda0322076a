"""Build, export and validate the store; the work is in ``policykg.graph``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policykg.cli.app import cli
from policykg.cli.names import shown
from policykg.cli.options import path_values, store_option, text_value, user_errors


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(),
                callback=path_values)
@store_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extract on a local Dask cluster of N worker processes (small inputs stay "
                   "serial).")
@click.option("--scheduler", metavar="ADDRESS", callback=text_value,
              help="Extract on an existing Dask cluster (tcp://HOST:PORT); its workers must see "
                   "the files at the same paths.")
def build(paths: tuple[Path, ...], store: Path | None, jobs: int, scheduler: str | None) -> None:
    """Load PATHS (files and folders) into the store: one named graph per file.

    Files whose content the store already holds are skipped; a file found again under another
    folder is the same source, loaded once.
    """
    from policykg.cli.console import build_with_progress, error_lines, stdout_console, summary_table

    with user_errors():
        reports = build_with_progress(paths, store, jobs=jobs, scheduler=scheduler)
    if not reports:  # a table of headers says nothing: one sentence, as the reports do
        from policykg.loaders.readers import SUFFIXES

        click.echo(f"No files to build in {shown(', '.join(map(str, paths)))}: none ends in "
                   f"{' '.join(SUFFIXES)}.", err=True)
        return
    stdout_console().print(summary_table(reports))
    for line in error_lines(reports):
        click.echo(line, err=True)
    if not all(r.ok for r in reports):
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]),
              default="ttl", show_default=True, help="nq and trig keep the named graphs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE (atomically) instead of stdout.")
@store_option
def export(fmt: str, output: str | None, store: Path | None) -> None:
    """Print the whole graph, sorted: the same content gives the same bytes."""
    from policykg.graph.export import export_to
    from policykg.graph.location import open_read_only
    from policykg.queries.output_file import open_output

    # streamed either way: memory stays flat however large the store
    with user_errors():
        opened = open_read_only(store)  # before the output: its errors are not write errors
        if output is None:
            export_to(opened, fmt, sys.stdout.buffer)
            return
        with open_output(output) as (handle, target):
            export_to(opened, fmt, handle)
            size = handle.tell()
    click.echo(f"wrote {shown(str(target))} ({size:,} bytes)", err=True)


@cli.command()
@store_option
def validate(store: Path | None) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations."""
    from policykg.graph.validate import validate_store

    with user_errors():
        violations = validate_store(store)
    for violation in violations:
        click.echo(str(violation))
    click.echo(f"{len(violations)} violation(s)" if violations else "conforms", err=True)
    if violations:
        sys.exit(1)
