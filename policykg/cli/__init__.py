"""policykg command line: a thin click layer over the library.

Each command parses its options, calls one library function and prints its result: data to
stdout, messages to stderr. One module per group of commands; shared options in ``options``.
"""

from __future__ import annotations

from policykg.cli import (  # noqa: F401 (add commands)
    clauses,
    extract,
    push,
    reports,
    sparql,
    store,
    viz,
)
from policykg.cli.app import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    cli()
