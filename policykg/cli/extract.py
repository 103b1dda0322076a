"""`policykg extract`: the records the loaders read, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policykg.cli.app import cli
from policykg.cli.options import path_values


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(),
                callback=path_values)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option(
    "--no-listing-order",
    is_flag=True,
    help="Do not take the first unit of an unmarked list as lead (all become joint).",
)
def extract(files: tuple[Path, ...], fmt: str, no_listing_order: bool) -> None:
    """Print the records read from FILES (documents, sections, tasks, agencies): a JSON list."""
    from policykg.cli.names import json_escaped, shown
    from policykg.loaders import extract_paths
    from policykg.loaders.records import to_json

    failed = False
    results = []
    for result in extract_paths(files, listing_order=not no_listing_order):
        for error in result.errors:
            click.echo(f"error: {shown(error)}", err=True)
        for document in result.documents:
            if document.warnings:
                warnings = "; ".join(document.warnings)
                click.echo(f"warning: {shown(result.source.path)}: {shown(warnings)}", err=True)
        failed = failed or bool(result.errors)
        results.append(to_json(result))
    # always a list, one record per file: a script reads one file and a folder the same way
    # a file name that is not UTF-8 is kept exactly, as \u escapes: the output stays UTF-8
    sys.stdout.write(json_escaped(json.dumps(results, ensure_ascii=False, indent=1)) + "\n")
    if failed:
        sys.exit(1)
