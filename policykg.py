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
    from loaders import extract_paths
    from loaders.records import to_json

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


def main() -> None:
    """Console-script entry point."""
    cli()


if __name__ == "__main__":
    main()
