"""The ``policykg`` click group; the command modules of this package add their commands to it."""

from __future__ import annotations

import click

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="policykg")
def cli() -> None:
    """Trace Chinese government policy into tasks and the agencies that own them."""
